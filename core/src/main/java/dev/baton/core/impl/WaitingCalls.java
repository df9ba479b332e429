package dev.baton.core.impl;

import dev.baton.core.spi.ActivityWorkItem;
import dev.baton.core.spi.MessageQueue;
import io.vertx.core.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A partition worker's calls that found every activity slot taken, in the order they came. Each
 * runs as a slot frees: one its own worker frees ({@link #run(int)}), or one another worker frees,
 * which goes to the worker whose calls have waited longest ({@link BatonImpl#slotsFreed}). So a
 * burst of calls costs no trip through the work-item queue. A call that has waited {@link
 * #SPILL_AFTER} is sent through the queue after all, behind the partition's fence, where any
 * engine's workers take it: long activities holding every slot of one engine leave the rest to
 * others. At most 16 calls per slot wait. Touched on the worker's context, except {@link
 * #slotsFreed}.
 */
final class WaitingCalls {

  private static final System.Logger LOG = System.getLogger(WaitingCalls.class.getName());

  /** How long a call waits for a slot before it goes through the work-item queue. */
  static final Duration SPILL_AFTER = Duration.ofMillis(200);

  /** Runs a call on a slot its worker holds. */
  interface Runner {
    void run(ActivityWorkItem item, PartitionMessages.Token token, Instant now);
  }

  private record Waiting(ActivityWorkItem item, PartitionMessages.Token token, long since) {}

  private final BatonImpl engine;
  private final Context context;
  private final MessageQueue<ActivityWorkItem> queue;
  private final CommitFence fence;
  private final Runner runner;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

  /** Whether these calls are among the engine's slot waiters. */
  private final AtomicBoolean awaitingSlots = new AtomicBoolean();

  private long timer = -1;
  private boolean stopped;

  WaitingCalls(
      BatonImpl engine,
      Context context,
      MessageQueue<ActivityWorkItem> queue,
      CommitFence fence,
      Runner runner) {
    this.engine = engine;
    this.context = context;
    this.queue = queue;
    this.fence = fence;
    this.runner = runner;
  }

  boolean isEmpty() {
    return waiting.isEmpty();
  }

  /**
   * Lets {@code items} from {@code from} on wait for a slot, as many as there is room for; each is
   * started on {@code token}. Returns how many wait.
   */
  int add(List<ActivityWorkItem> items, int from, PartitionMessages.Token token) {
    int room = engine.options().getActivityConcurrency() * 16 - waiting.size();
    int added = Math.min(items.size() - from, room);
    long since = System.nanoTime();
    for (int i = from; i < from + added; i++) {
      token.started();
      waiting.add(new Waiting(items.get(i), token, since));
    }
    if (added > 0) {
      awaitSlots();
      armTimer();
    }
    return added;
  }

  /** Runs as many waiting calls as the engine has free slots for. */
  void runOnFreeSlots() {
    if (!waiting.isEmpty()) {
      run(engine.takeActivitySlots(waiting.size()));
    }
  }

  /** Runs up to {@code slots} waiting calls on slots the worker holds; returns how many. */
  int run(int slots) {
    int n = 0;
    Instant now = engine.clock().instant();
    while (n < slots && !waiting.isEmpty()) {
      Waiting w = waiting.poll();
      runner.run(w.item(), w.token(), now);
      n++;
    }
    if (n > 0) {
      engine.meters().ranLocally(n);
    }
    return n;
  }

  /** From any thread: another worker freed slots; the calls waiting here take what they can. */
  void slotsFreed() {
    awaitingSlots.set(false);
    context.runOnContext(
        v -> {
          if (stopped) {
            engine.slotsFreed(); // the slots are for calls that can still use them
            return;
          }
          runOnFreeSlots();
          if (!waiting.isEmpty()) {
            awaitSlots();
          } else if (engine.hasFreeActivitySlots()) {
            engine.slotsFreed(); // none wait here any more: the next worker's calls take them
          }
        });
  }

  /**
   * The worker stops: the calls' tokens are not finished, so they are sent again after redelivery.
   */
  void stop() {
    stopped = true;
    if (timer >= 0) {
      context.owner().cancelTimer(timer);
    }
    engine.stopAwaitingSlots(this); // a freed slot goes to calls that can still use it
    waiting.clear();
  }

  private void awaitSlots() {
    if (awaitingSlots.compareAndSet(false, true)) {
      engine.awaitSlots(this);
      // a slot given back after the last look and before joining the waiters told nobody
      if (engine.hasFreeActivitySlots()) {
        runOnFreeSlots();
      }
    }
  }

  private void armTimer() {
    if (timer < 0) {
      timer = context.owner().setTimer(SPILL_AFTER.toMillis() / 2, id -> tick());
    }
  }

  /** While calls wait: they take the slots other workers freed, and the oldest ones spill. */
  private void tick() {
    timer = -1;
    if (stopped || waiting.isEmpty()) {
      return;
    }
    runOnFreeSlots();
    long cutoff = System.nanoTime() - SPILL_AFTER.toNanos();
    List<Waiting> spilled = new ArrayList<>();
    while (!waiting.isEmpty() && waiting.peek().since() - cutoff <= 0) {
      spilled.add(waiting.poll());
    }
    if (!spilled.isEmpty()) {
      spill(spilled);
    }
    if (!waiting.isEmpty()) {
      armTimer();
    }
  }

  /** Sends waiting calls through the work-item queue; their tokens settle when the send does. */
  private void spill(List<Waiting> spilled) {
    List<ActivityWorkItem> items = new ArrayList<>(spilled.size());
    for (Waiting w : spilled) {
      items.add(w.item());
    }
    fence
        .unlessClosed(items.get(0).instanceId(), () -> queue.send(items, Duration.ZERO))
        .onComplete(
            ar -> {
              for (Waiting w : spilled) {
                if (ar.succeeded()) {
                  w.token().finished(); // the call is in the queue now: at least once, as sent
                } else {
                  w.token().lost(); // its message comes back, and the call is sent again
                }
              }
              if (ar.succeeded()) {
                engine.wakePartitionWorkers();
              } else {
                LOG.log(
                    System.Logger.Level.WARNING,
                    "sending activities that waited for a slot failed",
                    LogSafe.thrown(ar.cause()));
              }
            });
  }
}
