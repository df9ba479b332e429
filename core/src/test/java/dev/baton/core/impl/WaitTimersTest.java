package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WaitTimersTest {

  @Test
  void runsEachRecheckOnceInTheOrderTheyComeDueWhateverTheOrderTheyWereScheduled(Vertx vertx)
      throws Exception {
    var timers = new WaitTimers(vertx);
    List<String> ran = new CopyOnWriteArrayList<>();
    Promise<Void> done = Promise.promise();
    timers.schedule(300, () -> ran.add("late"));
    timers.schedule(120, () -> ran.add("middle"));
    // scheduled last, due first: the shared timer is moved earlier for it
    timers.schedule(5, () -> ran.add("early"));
    timers.schedule(400, done::complete);
    done.future().await(10, TimeUnit.SECONDS);
    assertEquals(List.of("early", "middle", "late"), ran);
    assertEquals(0, timers.size());
  }

  @Test
  void aCancelledRecheckNeverRunsAndLeavesTheQueueWhenItComesDue(Vertx vertx) throws Exception {
    var timers = new WaitTimers(vertx);
    List<String> ran = new CopyOnWriteArrayList<>();
    Promise<Void> done = Promise.promise();
    WaitTimers.Entry dropped = timers.schedule(20, () -> ran.add("dropped"));
    timers.schedule(40, () -> ran.add("kept"));
    dropped.cancel();
    timers.schedule(150, done::complete);
    done.future().await(10, TimeUnit.SECONDS);
    assertEquals(List.of("kept"), ran);
    assertFalse(ran.contains("dropped"));
    assertEquals(0, timers.size());
  }

  @Test
  void aRecheckNeverRunsBeforeItsDelay(Vertx vertx) throws Exception {
    var timers = new WaitTimers(vertx);
    Promise<Long> ranAt = Promise.promise();
    long start = System.nanoTime();
    timers.schedule(50, () -> ranAt.complete(System.nanoTime()));
    long elapsedMs = (ranAt.future().await(10, TimeUnit.SECONDS) - start) / 1_000_000;
    assertTrue(elapsedMs >= 50, "ran after " + elapsedMs + " ms");
  }
}
