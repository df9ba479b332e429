package dev.baton.storage.memory.testing;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.storage.memory.MemoryBackend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An engine on the memory backend for tests, with a clock that skips ahead: while a test waits for
 * an instance ({@link #waitForCompletion}), and nothing is being processed because every instance
 * waits on a durable timer, the clock jumps to the next timer's time. A test of a 30-day timer, or
 * of a retry policy with hour-long waits, finishes in milliseconds; the code under test sees the
 * skipped time in {@code ctx.currentTime()}.
 *
 * <pre>{@code
 * TestEnvironment env = TestEnvironment.start(vertx, b -> b
 *     .addOrchestrator("reminder", ctx -> {
 *       ctx.createTimer(Duration.ofDays(30)).await();
 *       return ctx.callActivity("remind", null, String.class).await();
 *     })
 *     .addActivity("remind", ctx -> "reminded")).await();
 * String id = env.client().scheduleNewOrchestration("reminder", null).await();
 * InstanceMetadata done = env.waitForCompletion(id).await(); // 30 days later, at once
 * env.close().await();
 * }</pre>
 *
 * <p>Outside {@link #waitForCompletion} time runs normally, so a test can raise events before a
 * timeout expires; {@link #advance} moves the clock by hand and {@link #setAutoSkip} makes it skip
 * whenever the engine is idle.
 */
public final class TestEnvironment {

  /** How long {@link #waitForCompletion(String)} waits in real time: 60 seconds. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

  private static final long CHECK_EVERY_MS = 2;
  private static final int QUIET_CHECKS = 3;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final SkippingClock clock;
  private final MemoryBackend backend;
  private final String hub;
  private final BatonOptions options;
  private final Consumer<Baton.Builder> setup;
  private volatile Baton baton;
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile boolean autoSkip;
  private long checker = -1;
  private int quietChecks;

  private TestEnvironment(
      Vertx vertx,
      boolean ownsVertx,
      SkippingClock clock,
      MemoryBackend backend,
      BatonOptions options,
      Consumer<Baton.Builder> setup) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.clock = clock;
    this.backend = backend;
    this.hub = options.getTaskHub();
    this.options = options;
    this.setup = setup;
  }

  /** Starts an environment on its own Vert.x instance (closed with the environment). */
  public static Future<TestEnvironment> start(Consumer<Baton.Builder> setup) {
    return start(Vertx.vertx(), true, new BatonOptions(), setup);
  }

  /**
   * Starts an environment on {@code vertx}, with the orchestrators and activities of {@code setup}.
   */
  public static Future<TestEnvironment> start(Vertx vertx, Consumer<Baton.Builder> setup) {
    return start(vertx, false, new BatonOptions(), setup);
  }

  /**
   * Starts an environment with {@code options} (task hub, partitions, cache...); its clock, lease
   * timing and poll interval are set by the environment.
   */
  public static Future<TestEnvironment> start(
      Vertx vertx, BatonOptions options, Consumer<Baton.Builder> setup) {
    return start(vertx, false, options, setup);
  }

  private static Future<TestEnvironment> start(
      Vertx vertx, boolean ownsVertx, BatonOptions options, Consumer<Baton.Builder> setup) {
    Objects.requireNonNull(setup, "setup");
    var clock = new SkippingClock();
    var backend = MemoryBackend.create(clock);
    BatonOptions opts =
        new BatonOptions(options)
            .setClock(clock)
            .setMaxPollInterval(Duration.ofMillis(5))
            .setLeaseDuration(Duration.ofDays(365 * 100L))
            .setLeaseRenewInterval(Duration.ofSeconds(1));
    var env = new TestEnvironment(vertx, ownsVertx, clock, backend, opts, setup);
    return env.startEngine()
        .map(
            v -> {
              env.checker = vertx.setPeriodic(CHECK_EVERY_MS, t -> env.check());
              return env;
            });
  }

  private Future<Void> startEngine() {
    Baton.Builder builder = Baton.builder(vertx).backend(backend).options(options);
    setup.accept(builder);
    Baton next = builder.build();
    baton = next;
    return next.start();
  }

  /**
   * Stops the engine and starts a new one on the same store and clock, as after a crash or a
   * deployment: caches are gone and every instance continues from its stored history.
   */
  public Future<Void> restartEngine() {
    return baton.close().compose(v -> startEngine());
  }

  /** The engine under test. */
  public Baton baton() {
    return baton;
  }

  /** The engine's client. */
  public DurableClient client() {
    return baton.client();
  }

  /** The clock of the engine and its backend. */
  public Clock clock() {
    return clock;
  }

  /** The engine's current time. */
  public Instant now() {
    return clock.instant();
  }

  /** The backend, e.g. to open the hub's stores in assertions. */
  public MemoryBackend backend() {
    return backend;
  }

  /** Moves the clock ahead by {@code duration} at once (timers due by then fire). */
  public void advance(Duration duration) {
    if (duration == null || duration.isNegative()) {
      throw new IllegalArgumentException("can only move the clock ahead, got " + duration);
    }
    clock.skip(duration);
  }

  /**
   * With {@code true}, the clock skips ahead whenever the engine is idle, not only while a test
   * waits in {@link #waitForCompletion}.
   */
  public TestEnvironment setAutoSkip(boolean autoSkip) {
    this.autoSkip = autoSkip;
    return this;
  }

  /**
   * Waits until the instance has finished, skipping the clock ahead to each due timer while the
   * engine is idle; fails with {@code TIMEOUT} after {@link #DEFAULT_WAIT} of real time.
   */
  public Future<InstanceMetadata> waitForCompletion(String instanceId) {
    return waitForCompletion(instanceId, DEFAULT_WAIT);
  }

  /** Like {@link #waitForCompletion(String)}, giving up after {@code realTimeout}. */
  public Future<InstanceMetadata> waitForCompletion(String instanceId, Duration realTimeout) {
    waiting.incrementAndGet();
    return client()
        .waitForInstanceCompletion(instanceId, realTimeout)
        .onComplete(ar -> waiting.decrementAndGet());
  }

  /** Stops the engine (and the Vert.x instance when the environment created it). */
  public Future<Void> close() {
    if (checker >= 0) {
      vertx.cancelTimer(checker);
      checker = -1;
    }
    Future<Void> closed = baton.close();
    return ownsVertx ? closed.eventually(vertx::close) : closed;
  }

  /** Skips to the next due time once the hub has been quiet for a few checks in a row. */
  private void check() {
    if (waiting.get() == 0 && !autoSkip) {
      quietChecks = 0;
      return;
    }
    Instant quietUntil = backend.quietUntil(hub);
    if (quietUntil == null) {
      quietChecks = 0;
      return;
    }
    if (++quietChecks < QUIET_CHECKS || quietUntil.equals(Instant.MAX)) {
      return;
    }
    quietChecks = 0;
    Duration ahead = Duration.between(clock.instant(), quietUntil);
    if (ahead.isPositive()) {
      clock.skip(ahead);
    }
  }
}
