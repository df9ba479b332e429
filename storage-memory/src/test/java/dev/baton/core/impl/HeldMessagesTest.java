package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.engine.EngineFixture;
import dev.baton.core.spi.ActivityWorkItem;
import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.memory.MemoryBackend;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Held messages stay hidden past their visibility timeout, on a real queue. */
@ExtendWith(VertxExtension.class)
class HeldMessagesTest {

  private static final Duration VISIBILITY = Duration.ofMillis(400);

  private static <T> T await(io.vertx.core.Future<T> f) {
    return EngineFixture.await(f);
  }

  private static MessageQueue<ActivityWorkItem> queue(Vertx vertx) {
    TaskHubStore hub = await(MemoryBackend.create().open(vertx, "held", 1));
    return hub.workItemQueue();
  }

  private static ActivityWorkItem item(int taskId) {
    return new ActivityWorkItem("i", "e", taskId, "a", null);
  }

  @Test
  void aMessageHeldPastItsVisibilityTimeoutIsNotDeliveredAgain(Vertx vertx) throws Exception {
    MessageQueue<ActivityWorkItem> queue = queue(vertx);
    await(queue.send(List.of(item(1)), Duration.ZERO));
    Delivery<ActivityWorkItem> d = await(queue.receive(1, VISIBILITY)).getFirst();
    var ctx = vertx.getOrCreateContext();
    var holder = new java.util.concurrent.atomic.AtomicReference<HeldMessages<ActivityWorkItem>>();
    var started = new java.util.concurrent.CountDownLatch(1);
    ctx.runOnContext(
        v -> {
          var h = new HeldMessages<>(vertx, queue, VISIBILITY);
          assertTrue(h.hold(d));
          assertFalse(h.hold(d), "a second delivery of a held message is not new");
          h.start();
          holder.set(h);
          started.countDown();
        });
    started.await();
    // three visibility timeouts long, the message never shows
    long end = System.nanoTime() + VISIBILITY.multipliedBy(3).toNanos();
    while (System.nanoTime() < end) {
      assertEquals(List.of(), await(queue.receive(1, VISIBILITY)), "still hidden");
      await(vertx.timer(20));
    }
    var h = holder.get();
    assertTrue(h.renewals() >= 2, "renewed " + h.renewals() + " times");
    var deleted = new java.util.concurrent.CountDownLatch(1);
    ctx.runOnContext(
        v -> {
          h.delete(d.messageId());
          h.stop();
          deleted.countDown();
        });
    deleted.await();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (await(queue.approximateCount()) != 0L && System.nanoTime() < deadline) {
      await(vertx.timer(20));
    }
    // the count takes hidden messages too: zero means gone, not merely hidden
    assertEquals(0L, await(queue.approximateCount()), "deleted with its newest receipt");
  }
}
