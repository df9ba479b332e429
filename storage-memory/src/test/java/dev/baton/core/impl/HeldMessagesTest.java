package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.engine.EngineFixture;
import dev.baton.core.engine.MovableClock;
import dev.baton.core.engine.TestEntities;
import dev.baton.core.spi.ActivityWorkItem;
import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.memory.MemoryBackend;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Held messages stay hidden past their visibility timeout, on a memory queue. */
@ExtendWith(VertxExtension.class)
class HeldMessagesTest {

  private static final Duration VISIBILITY = Duration.ofMinutes(1);

  private static <T> T await(io.vertx.core.Future<T> f) {
    return EngineFixture.await(f);
  }

  private static MessageQueue<ActivityWorkItem> queue(Vertx vertx, MovableClock clock) {
    TaskHubStore hub = await(MemoryBackend.create(clock).open(vertx, "held", 1));
    return hub.workItemQueue();
  }

  private static ActivityWorkItem item(int taskId) {
    return new ActivityWorkItem("i", "e", taskId, "a", null);
  }

  /**
   * The queue's visibility and the holder's renewals run on one clock the test moves, a minute per
   * timeout, and the test makes the renewal ticks itself: each step moves the clock just past the
   * renewal point, ticks, and awaits the renewal before moving on, so the machine's load (a late
   * timer, a slow answer) changes nothing.
   */
  @Test
  void aMessageHeldPastItsVisibilityTimeoutIsNotDeliveredAgain(Vertx vertx) throws Exception {
    var clock = new MovableClock();
    MessageQueue<ActivityWorkItem> queue = queue(vertx, clock);
    await(queue.send(List.of(item(1)), Duration.ZERO));
    Delivery<ActivityWorkItem> d = await(queue.receive(1, VISIBILITY)).getFirst();
    var ctx = vertx.getOrCreateContext();
    var holder = new AtomicReference<HeldMessages<ActivityWorkItem>>();
    var started = new CountDownLatch(1);
    ctx.runOnContext(
        v -> {
          var h = new HeldMessages<>(vertx, queue, VISIBILITY, () -> clock.millis() * 1_000_000L);
          assertTrue(h.hold(d));
          assertFalse(h.hold(d), "a second delivery of a held message is not new");
          holder.set(h);
          started.countDown();
        });
    started.await();
    var h = holder.get();
    // three steps of over half the timeout: past it, the message never shows
    Duration step = VISIBILITY.dividedBy(2).plusMillis(1);
    for (int i = 1; i <= 3; i++) {
      assertEquals(List.of(), await(queue.receive(1, VISIBILITY)), "hidden before step " + i);
      clock.advance(step);
      ctx.runOnContext(v -> h.renewDue());
      int renewed = i;
      TestEntities.awaitTrue("renewal " + renewed, () -> h.renewals() >= renewed);
    }
    assertEquals(3, h.renewals(), "one renewal per half timeout");
    assertTrue(step.multipliedBy(3).compareTo(VISIBILITY) > 0, "held past its timeout");
    assertEquals(List.of(), await(queue.receive(1, VISIBILITY)), "still hidden");
    var deleted = new CountDownLatch(1);
    ctx.runOnContext(
        v -> {
          h.delete(d.messageId());
          h.stop();
          deleted.countDown();
        });
    deleted.await();
    TestEntities.awaitTrue("deleted", () -> await(queue.approximateCount()) == 0L);
    // the count takes hidden messages too: zero means gone, not merely hidden
    clock.advance(VISIBILITY.multipliedBy(2));
    assertEquals(List.of(), await(queue.receive(1, VISIBILITY)), "deleted with its newest receipt");
  }
}
