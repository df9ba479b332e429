package dev.baton.storage.azure;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.engine.MetricsEngineTest;
import dev.baton.core.spi.Backend;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class AzureMetricsEngineTest extends MetricsEngineTest {
  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }

  @Test
  void theHttpRequestsToAzureStorageAreCountedByKind() {
    var registry = new SimpleMeterRegistry();
    var baton =
        fixture.start(
            b -> {
              b.meterRegistry(registry);
              b.addActivity("hello", ctx -> "Hello " + ctx.input(String.class) + "!");
              b.addOrchestrator(
                  "one", ctx -> ctx.callActivity("hello", "Azure", String.class).await());
            });
    String id = await(baton.client().scheduleNewOrchestration("one", null));
    assertEquals(RuntimeStatus.COMPLETED, complete(baton.client(), id).status());
    AzureBackend backend = ((AzureEngines.HubDeletingBackend) fixture.backend()).azure();
    for (String kind : java.util.List.of("queue POST", "queue GET", "queue DELETE")) {
      // the start message goes once the last episode's result is stored, after the row shows it
      dev.baton.core.engine.TestEntities.awaitTrue(
          kind + " requests are counted",
          () -> {
            FunctionCounter c =
                registry.find("baton.azure.requests").tag("kind", kind).functionCounter();
            return c != null && c.count() > 0;
          });
      FunctionCounter c = registry.find("baton.azure.requests").tag("kind", kind).functionCounter();
      assertTrue(c.count() <= backend.storageRequestsByKind().get(kind), "the backend's own count");
    }
    NullPointerException refused =
        assertThrows(NullPointerException.class, () -> backend.bindTo(null));
    assertEquals("registry", refused.getMessage());
  }

  @Test
  void largePayloadsOffloadedToBlobsAreCountedAsPayloadRequests() {
    var registry = new SimpleMeterRegistry();
    var baton =
        fixture.start(
            b -> {
              b.meterRegistry(registry);
              b.addActivity("length", ctx -> ctx.input(String.class).length());
              b.addOrchestrator(
                  "large",
                  ctx ->
                      ctx.callActivity("length", ctx.input(String.class), Integer.class).await());
            });
    String big = "x".repeat(100_000); // over the queue's 45 KB and the table's 60 KB
    String id = await(baton.client().scheduleNewOrchestration("large", big));
    var done = complete(baton.client(), id);
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals(100_000, done.readOutput(Integer.class));
    for (String kind : java.util.List.of("payloads.put", "payloads.get")) {
      var c = registry.find("baton.storage.requests").tag("kind", kind).counter();
      assertTrue(c != null && c.count() > 0, kind + " requests are counted");
    }
  }
}
