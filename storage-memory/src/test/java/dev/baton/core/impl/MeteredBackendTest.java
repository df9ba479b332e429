package dev.baton.core.impl;

import static dev.baton.core.engine.EngineFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.baton.core.spi.Backend;
import dev.baton.core.spi.ForwardingTaskHub;
import dev.baton.core.spi.PayloadStore;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The metered hub routes its payloads through the hub ({@link TaskHubStore#withPayloads}), so the
 * payloads a backend offloads from its queues, histories and rows are counted as {@code payloads.*}
 * requests, not only calls made on {@code payloads()} directly.
 */
@ExtendWith(VertxExtension.class)
class MeteredBackendTest {

  /** A memory backend whose hubs record the payload store the hub is asked to route through. */
  private static Backend recording(AtomicReference<PayloadStore> routed) {
    Backend memory = MemoryBackend.create();
    return new Backend() {
      @Override
      public Future<TaskHubStore> open(Vertx vertx, String hubName, int partitionCount) {
        return memory
            .open(vertx, hubName, partitionCount)
            .map(
                hub ->
                    new ForwardingTaskHub(hub) {
                      @Override
                      public TaskHubStore withPayloads(PayloadStore payloads) {
                        routed.set(payloads);
                        return hub.withPayloads(payloads);
                      }
                    });
      }

      @Override
      public Future<Void> close() {
        return memory.close();
      }
    };
  }

  @Test
  void payloadsTheHubOffloadsAreCountedByKind(Vertx vertx) {
    var registry = new SimpleMeterRegistry();
    var routed = new AtomicReference<PayloadStore>();
    TaskHubStore hub =
        await(new MeteredBackend(recording(routed), registry).open(vertx, "metered", 1));
    assertNotNull(routed.get(), "the hub was asked to route its payloads through the meters");
    assertSame(routed.get(), hub.payloads(), "one metered store, the one the hub uses");

    // what the backend's own queue or history does with a large payload
    await(routed.get().put("big", Buffer.buffer("x".repeat(1000))));
    assertEquals(1000, await(routed.get().get("big")).length());
    for (String kind : new String[] {"payloads.put", "payloads.get"}) {
      assertEquals(
          1.0, registry.find("baton.storage.requests").tag("kind", kind).counter().count(), kind);
    }
    await(hub.close());
  }
}
