package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.SetAsideMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The receive loop's idle polling, checked by counting polls and reading the delays it asks its
 * timers for, never by waiting: an idle queue is polled after 1 ms, 2 ms, 4 ms, ... up to the
 * maximum and then at the maximum; a local wake receives at once whatever the backoff, without
 * resetting it; a message nobody announced is found by the next timer poll, at most the maximum
 * later, and makes the loop poll eagerly again.
 */
class ReceiveLoopTest {

  private static final Duration MAX = Duration.ofSeconds(10);

  private Vertx vertx;
  private Context context;
  private final ManualTimers timers = new ManualTimers();
  private final CountingQueue queue = new CountingQueue();
  private final List<String> accepted = new ArrayList<>();
  private ReceiveLoop<String> loop;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    loop =
        new ReceiveLoop<>(
            timers,
            context,
            queue,
            "test queue",
            Duration.ofSeconds(30),
            MAX,
            () -> 32,
            unused -> {},
            batch -> batch.forEach(d -> accepted.add(d.message())));
  }

  @AfterEach
  void tearDown() {
    onContext(loop::stop);
    vertx.close().await();
  }

  @Test
  void anIdleQueueIsPolledAfterDoublingDelaysUpToTheMaximumThenAtTheMaximum() {
    onContext(loop::start);
    assertEquals(1, queue.receives, "the start polls at once");

    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 18; i++) {
      delays.add(timers.pendingDelay());
      timers.fire(this::onContext);
    }

    assertEquals(
        List.of(
            1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 1024L, 2048L, 4096L, 8192L, 10_000L,
            10_000L, 10_000L, 10_000L),
        delays);
    assertEquals(19, queue.receives, "one receive per timer, nothing else");
    assertEquals(1, timers.pending.size(), "one timer at a time");
  }

  @Test
  void aLocalWakeReceivesAtOnceAndLeavesTheIdleBackoffAsItWas() {
    onContext(loop::start);
    idleToTheMaximum();
    int before = queue.receives;

    queue.visible.add("sent-here");
    onContext(loop::wake);
    settle();

    assertEquals(List.of("sent-here"), accepted, "delivered without any timer firing");
    assertTrue(queue.receives > before, "the wake itself received");
    assertEquals(MAX.toMillis(), timers.pendingDelay(), "the idle timer stays at the maximum");
    timers.fire(this::onContext);
    assertEquals(MAX.toMillis(), timers.pendingDelay(), "a local send does not reset the backoff");
  }

  @Test
  void aMessageNobodyAnnouncedIsFoundByTheNextTimerPollAndThePollsTurnEagerAgain() {
    onContext(loop::start);
    idleToTheMaximum();

    queue.visible.add("from-elsewhere");
    long waited = timers.pendingDelay();
    timers.fire(this::onContext);
    settle();

    assertEquals(List.of("from-elsewhere"), accepted);
    assertTrue(waited <= MAX.toMillis(), "it waited at most the maximum: " + waited + " ms");
    assertEquals(1, timers.pendingDelay(), "after a find, polls start over from 1 ms");
  }

  @Test
  void aStoppedLoopSetsNoMoreTimersAndIgnoresWakes() {
    onContext(loop::start);
    timers.fire(this::onContext);
    int receives = queue.receives;

    onContext(loop::stop);
    onContext(loop::wake);

    assertEquals(receives, queue.receives);
    assertTrue(timers.pending.isEmpty(), "the pending timer was cancelled");
  }

  private void idleToTheMaximum() {
    while (timers.pendingDelay() < MAX.toMillis()) {
      timers.fire(this::onContext);
    }
  }

  /** Runs {@code action} on the loop's context and waits for it. */
  private void onContext(Runnable action) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          try {
            action.run();
            done.complete();
          } catch (RuntimeException e) {
            done.fail(e);
          }
        });
    done.future().await();
  }

  /** Lets the rounds the loop queued on its context run (each receive answers at once). */
  private void settle() {
    for (int i = 0; i < 10; i++) {
      onContext(() -> {});
    }
  }

  /** Timers that fire only when the test says, with a clock that moves to each one's due time. */
  private static final class ManualTimers implements ReceiveLoop.Timers {
    private final Map<Long, Handler<Long>> pending = new TreeMap<>();
    private final Map<Long, Long> delays = new TreeMap<>();
    private long nextId;
    private long now;

    @Override
    public long set(long delayMs, Handler<Long> handler) {
      long id = nextId++;
      pending.put(id, handler);
      delays.put(id, delayMs);
      return id;
    }

    @Override
    public void cancel(long id) {
      pending.remove(id);
      delays.remove(id);
    }

    @Override
    public long nanoTime() {
      return now;
    }

    long pendingDelay() {
      assertEquals(1, pending.size(), "one pending timer: " + delays);
      return delays.values().iterator().next();
    }

    /** Fires the pending timer, on the loop's context through {@code onContext}. */
    void fire(java.util.function.Consumer<Runnable> onContext) {
      long id = pending.keySet().iterator().next();
      Handler<Long> handler = pending.remove(id);
      now += delays.remove(id) * 1_000_000;
      onContext.accept(() -> handler.handle(id));
    }
  }

  /** A queue that answers every receive at once with what is visible, counting receives. */
  private static final class CountingQueue implements MessageQueue<String> {
    final Deque<String> visible = new ArrayDeque<>();
    int receives;
    private int ids;

    @Override
    public Future<List<Delivery<String>>> receive(int max, Duration visibilityTimeout) {
      receives++;
      List<Delivery<String>> out = new ArrayList<>();
      while (!visible.isEmpty() && out.size() < max) {
        String id = "m" + ids++;
        out.add(new Delivery<>(id, id, 1, Instant.EPOCH, visible.poll()));
      }
      return Future.succeededFuture(out);
    }

    @Override
    public Future<Void> send(List<String> messages, Duration delay) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> delete(Delivery<String> delivery) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Delivery<String>> updateVisibility(Delivery<String> delivery, Duration delay) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Long> approximateCount() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> setAside(Delivery<String> delivery, String reason) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<List<SetAsideMessage<String>>> setAsideMessages(int max) {
      throw new UnsupportedOperationException();
    }
  }
}
