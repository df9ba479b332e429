package dev.baton.core.impl;

import dev.baton.core.impl.replay.StepWatch;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reports user code that runs longer than a limit without awaiting, as Vert.x's blocked-thread
 * checker does for event loops: a warning naming the instance, with the stack of its thread. Each
 * thread of user code is registered once (a concurrent set) and marks its steps with a volatile
 * start time, so a step costs two writes and no lock; one daemon platform thread per engine checks
 * them, so a report arrives even when user code holds every event loop.
 */
final class LongStepChecker implements StepWatch {

  private static final System.Logger LOG = System.getLogger(LongStepChecker.class.getName());

  /** When the step under way started ({@link System#nanoTime}), or {@code PARKED}. */
  private static final long PARKED = Long.MIN_VALUE;

  private final class Running implements Watched {
    final String instanceId;
    final Thread thread = Thread.currentThread();
    volatile long since = System.nanoTime();
    volatile boolean reported;

    Running(String instanceId) {
      this.instanceId = instanceId;
    }

    @Override
    public void parked() {
      since = PARKED;
    }

    @Override
    public void resumed() {
      reported = false;
      since = System.nanoTime();
    }

    @Override
    public void end() {
      since = PARKED;
      running.remove(this);
    }
  }

  private final Set<Running> running = ConcurrentHashMap.newKeySet();
  private final long limitNanos;
  private final ScheduledExecutorService checker;

  LongStepChecker(Duration limit) {
    this.limitNanos = limit.toNanos();
    this.checker =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("baton-long-step-checker").unstarted(r));
    long period = Math.clamp(limit.toMillis() / 2, 10, 1000);
    checker.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public Watched watch(String instanceId) {
    var w = new Running(instanceId);
    running.add(w);
    return w;
  }

  private void check() {
    long now = System.nanoTime();
    for (Running w : running) {
      long since = w.since;
      if (since == PARKED || w.reported || now - since <= limitNanos) {
        continue;
      }
      w.reported = true;
      var stack = new Throwable("the stack of " + w.thread);
      stack.setStackTrace(w.thread.getStackTrace());
      LOG.log(
          System.Logger.Level.WARNING,
          "the code of '"
              + LogSafe.text(w.instanceId)
              + "' has run for "
              + (now - since) / 1_000_000
              + " ms without awaiting (limit "
              + limitNanos / 1_000_000
              + " ms); orchestrator and entity code must not block or compute for long: it holds"
              + " its thread, and on the event loops every partition of that loop",
          LogSafe.thrown(stack));
    }
  }

  /** Stops checking (the engine closes). */
  void stop() {
    checker.shutdownNow();
  }
}
