package dev.baton.core.impl;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The carrier threads of activities that run while few others do, where the JVM lets Baton choose a
 * virtual thread's scheduler ({@code VirtualThreads.schedulerChoosable}). In a chain of short
 * steps, what a step costs is mostly two threads' wake-ups: on the JDK's default scheduler every
 * step unparks a fork-join carrier, which parks again once the step is done. Here, a carrier left
 * without work keeps looking for up to {@link #DEFAULT_SPIN} before it parks (yielding its CPU to
 * any thread that wants it), one carrier at a time, so the next step's continuation finds it awake.
 * It stops looking as soon as more activities run ({@link #activityStarts}: they go to the default
 * scheduler, whose carriers then have work enough not to park) and when such waits keep ending
 * empty.
 *
 * <p>The rest is what the default scheduler gives: as many carriers as processors, a burst woken
 * carrier by carrier, and a continuation never lost between a carrier's last look and its park. A
 * carrier held by its virtual thread (a native call, file I/O, long CPU work) does not starve the
 * others: when no carrier has taken a task for {@link #DEFAULT_STALL} while tasks wait, one more is
 * started (up to {@link #DEFAULT_MAX_CARRIERS}), and such an extra carrier ends after {@link
 * #DEFAULT_RETIRE} without work. The pool serves the whole JVM and its threads are daemons, as the
 * default scheduler's are.
 */
final class ActivityCarriers implements Executor {

  private static final System.Logger LOG = System.getLogger(ActivityCarriers.class.getName());

  /** How long an idle carrier keeps looking for work before it parks. */
  static final long DEFAULT_SPIN = TimeUnit.MICROSECONDS.toNanos(50);

  /** How long waiting tasks must go untaken before one more carrier is started. */
  static final long DEFAULT_STALL = TimeUnit.MILLISECONDS.toNanos(5);

  /** How long an extra carrier stays without work before it ends. */
  static final long DEFAULT_RETIRE = TimeUnit.SECONDS.toNanos(30);

  /** The most carriers there may be, the processors' ones and the extra ones together. */
  static final int DEFAULT_MAX_CARRIERS = 256;

  /** Empty spins in a row after which a carrier spins only once in {@link #SPARSE_SPINS} idles. */
  private static final int MISSES_BEFORE_SPARSE = 8;

  private static final int SPARSE_SPINS = 8;

  private static final class Shared {
    static final ActivityCarriers POOL =
        new ActivityCarriers(
            "baton-activity-carrier-",
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            DEFAULT_MAX_CARRIERS,
            Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
            DEFAULT_SPIN,
            DEFAULT_STALL,
            DEFAULT_RETIRE);
  }

  /** The JVM's pool, started on first use. */
  static ActivityCarriers shared() {
    return Shared.POOL;
  }

  private final String name;
  private final int maxCarriers;
  private final long spinNanos;
  private final long stallNanos;
  private final long retireNanos;

  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

  /** Parked carriers, the last parked first: it is the likeliest to be still in a CPU's cache. */
  private final ConcurrentLinkedDeque<Thread> parked = new ConcurrentLinkedDeque<>();

  private final AtomicInteger spinning = new AtomicInteger();
  private final AtomicInteger carriers = new AtomicInteger();
  private final AtomicInteger nextName = new AtomicInteger();

  /** Tasks taken by any carrier: the monitor's measure of progress. */
  private final AtomicLong taken = new AtomicLong();

  private final AtomicInteger misses = new AtomicInteger();
  private final AtomicInteger idles = new AtomicInteger();

  /** Activities running in this JVM, on these carriers or on the JDK's default scheduler. */
  private final AtomicInteger activities = new AtomicInteger();

  /** Below how many running activities one more runs here, and an idle carrier keeps looking. */
  private final int few;

  private final Thread monitor;
  private volatile boolean monitorParked;
  private volatile boolean shutdown;

  ActivityCarriers(
      String name,
      int coreCarriers,
      int maxCarriers,
      int few,
      long spinNanos,
      long stallNanos,
      long retireNanos) {
    if (coreCarriers < 1 || maxCarriers < coreCarriers || few < 1) {
      throw new IllegalArgumentException(
          "carriers: " + coreCarriers + " at first, at most " + maxCarriers + ", few: " + few);
    }
    this.name = name;
    this.few = few;
    this.maxCarriers = maxCarriers;
    this.spinNanos = spinNanos;
    this.stallNanos = stallNanos;
    this.retireNanos = retireNanos;
    for (int i = 0; i < coreCarriers; i++) {
      carriers.incrementAndGet();
      start(false);
    }
    monitor = Thread.ofPlatform().name(name + "monitor").daemon().unstarted(this::monitor);
    monitor.start();
  }

  /**
   * Ends every carrier once the tasks queued are run (for a pool of a test's own; the JVM's pool
   * lives as long as the JVM).
   */
  void shutdown() {
    shutdown = true;
    parked.forEach(LockSupport::unpark);
    LockSupport.unpark(monitor);
  }

  /**
   * An activity starts: true when it should run on these carriers, because fewer than a few others
   * run (half the processors, at least one), as in a chain of steps, where a carrier that waits
   * awake for the next step saves a thread's wake-up per step. Many at once (a fan-out, a busy
   * engine) go to the JDK's default scheduler, whose carriers then have work enough not to park,
   * and from which a carrier waiting awake would only take CPU. Either way {@link #activityEnds}
   * follows, once the activity's code has returned.
   */
  boolean activityStarts() {
    return activities.getAndIncrement() < few;
  }

  /** An activity counted by {@link #activityStarts} has returned. */
  void activityEnds() {
    activities.decrementAndGet();
  }

  /** How many carriers run now. */
  int carriers() {
    return carriers.get();
  }

  @Override
  public void execute(Runnable task) {
    tasks.offer(Objects.requireNonNull(task, "task"));
    if (spinning.get() > 0) {
      return; // a carrier is looking: it takes this one, and wakes another if more wait
    }
    if (!wakeOne() && monitorParked) {
      LockSupport.unpark(monitor); // every carrier is busy: see whether they stay so
    }
  }

  private boolean wakeOne() {
    Thread carrier = parked.pollFirst();
    if (carrier == null) {
      return false;
    }
    LockSupport.unpark(carrier);
    return true;
  }

  private void start(boolean extra) {
    Thread.ofPlatform().name(name + nextName.getAndIncrement()).daemon().start(() -> carry(extra));
  }

  private void carry(boolean extra) {
    Thread me = Thread.currentThread();
    while (true) {
      Runnable task = tasks.poll();
      if (task != null) {
        taken.incrementAndGet();
        if (spinning.get() == 0 && !tasks.isEmpty()) {
          wakeOne(); // a burst, and nobody looking: the next carrier takes the next task
        }
        run(task);
        continue;
      }
      if (shutdown) {
        carriers.decrementAndGet();
        return;
      }
      if (spin()) {
        continue;
      }
      parked.offerFirst(me);
      if ((shutdown || !tasks.isEmpty()) && parked.remove(me)) {
        continue; // came while this carrier was about to park; if it was woken, park returns
      }
      long parkedAt = System.nanoTime();
      if (extra) {
        LockSupport.parkNanos(this, retireNanos);
      } else {
        LockSupport.park(this);
      }
      boolean stillParked = parked.remove(me); // false when it was woken for a task
      if (extra && stillParked && System.nanoTime() - parkedAt >= retireNanos && tasks.isEmpty()) {
        carriers.decrementAndGet();
        return;
      }
    }
  }

  /** Looks for work for up to the spin time, if no other carrier does; true if some came. */
  private boolean spin() {
    if (spinNanos <= 0) {
      return false;
    }
    if (misses.get() >= MISSES_BEFORE_SPARSE && idles.incrementAndGet() % SPARSE_SPINS != 0) {
      return false; // the last waits ended empty: this is not a chain of short steps
    }
    if (!spinning.compareAndSet(0, 1)) {
      return false;
    }
    try {
      long deadline = System.nanoTime() + spinNanos;
      while (tasks.isEmpty()) {
        // more than a few activities run: the default scheduler has them; not more than a few
        // may include the one whose continuation is on its way here (counted before it is queued)
        if (System.nanoTime() - deadline >= 0 || activities.get() > few) {
          misses.incrementAndGet();
          return false;
        }
        Thread.yield();
      }
      misses.set(0);
      return true;
    } finally {
      spinning.set(0);
    }
  }

  private static void run(Runnable task) {
    try {
      task.run();
    } catch (Throwable t) { // a continuation does not throw; a carrier outlives one that does
      LOG.log(System.Logger.Level.ERROR, "a task on an activity carrier failed", LogSafe.thrown(t));
    }
  }

  /** Starts one more carrier when tasks wait and none has been taken for the stall time. */
  private void monitor() {
    while (!shutdown) {
      if (tasks.isEmpty()) {
        monitorParked = true;
        if (tasks.isEmpty() && !shutdown) {
          LockSupport.park(this);
        }
        monitorParked = false;
        continue;
      }
      long before = taken.get();
      LockSupport.parkNanos(this, stallNanos);
      if (tasks.isEmpty() || taken.get() != before) {
        continue;
      }
      if (!wakeOne() && grow()) { // a parked carrier first, though one is woken as a task comes
        start(true);
      }
    }
  }

  private boolean grow() {
    int n;
    do {
      n = carriers.get();
      if (n >= maxCarriers) {
        return false;
      }
    } while (!carriers.compareAndSet(n, n + 1));
    return true;
  }
}
