package dev.baton.core.engine;

import dev.baton.core.Baton;
import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.StartOptions;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityLock;
import dev.baton.core.orchestration.RetryPolicy;
import dev.baton.core.orchestration.Task;
import dev.baton.core.orchestration.TaskOptions;
import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The workloads the fault suites run, each a small picture of one engine suite: an activity chain,
 * a fan-out/fan-in, sub-orchestrations, a timer then an activity retried after a failure, external
 * events (one raised, one timing out), entities (signals, a call, a critical section over two
 * entities), and an activity result too large for one queue message or table property (kept in the
 * payload store where a backend has one). {@link #start} starts {@code n} instances of each chosen
 * workload and writes what each must end as into an {@link Invariants}.
 *
 * <pre>{@code
 * Baton baton = fixture.start(FaultWorkloads::register);
 * FaultWorkloads.start(baton.client(), "s7-", 4, FaultWorkloads.ALL, invariants);
 * }</pre>
 */
public final class FaultWorkloads {

  /** Every workload's name. */
  public static final Set<String> ALL =
      Set.of("chain", "fan", "sub", "timer_retry", "event", "entity", "large", "again", "manage");

  /** The size of {@code large}'s result: past what one queue message or table property holds. */
  private static final int LARGE = 70_000;

  /** How many activities {@code chain} calls one after the other. */
  private static final int STEPS = 4;

  /** How many activities {@code fan} calls at once. */
  private static final int WIDTH = 6;

  /** The calls of {@code flaky} per key: the first of each key fails. */
  private static final Map<String, Integer> FLAKY_CALLS = new ConcurrentHashMap<>();

  private FaultWorkloads() {}

  /** Registers every workload's orchestrators, activities and entities. */
  public static Baton.Builder register(Baton.Builder b) {
    return TestEntities.register(b)
        .addActivity("inc", ctx -> ctx.input(Integer.class) + 1)
        .addActivity("big", ctx -> "x".repeat(LARGE + ctx.input(Integer.class)))
        .addOrchestrator(
            "again",
            ctx -> {
              int n = ctx.callActivity("inc", ctx.input(Integer.class), Integer.class).await();
              if (n < 3) {
                ctx.continueAsNew(n);
                return null;
              }
              return n;
            })
        .addOrchestrator(
            "manage",
            ctx -> ctx.waitForExternalEvent("never", Duration.ofHours(1), String.class).await())
        .addOrchestrator(
            "large",
            ctx -> ctx.callActivity("big", ctx.input(Integer.class), String.class).await().length())
        .addActivity(
            "flaky",
            ctx -> {
              String key = ctx.input(String.class);
              if (FLAKY_CALLS.merge(key, 1, Integer::sum) == 1) {
                throw new IllegalStateException("first call of " + key + " fails");
              }
              return "ok:" + key;
            })
        .addOrchestrator(
            "chain",
            ctx -> {
              int value = ctx.input(Integer.class);
              for (int i = 0; i < STEPS; i++) {
                value = ctx.callActivity("inc", value, Integer.class).await();
              }
              return value;
            })
        .addOrchestrator(
            "fan",
            ctx -> {
              int base = ctx.input(Integer.class);
              List<Task<Integer>> calls = new ArrayList<>();
              for (int i = 0; i < WIDTH; i++) {
                calls.add(ctx.callActivity("inc", base + i, Integer.class));
              }
              int sum = 0;
              for (int r : ctx.allOf(calls).await()) {
                sum += r;
              }
              return sum;
            })
        .addOrchestrator(
            "sub",
            ctx -> {
              int base = ctx.input(Integer.class);
              int first = ctx.callSubOrchestrator("chain", base, Integer.class).await();
              List<Task<Integer>> children =
                  List.of(
                      ctx.callSubOrchestrator("fan", base, Integer.class),
                      ctx.callSubOrchestrator("chain", base + 1, Integer.class));
              int sum = first;
              for (int r : ctx.allOf(children).await()) {
                sum += r;
              }
              return sum;
            })
        .addOrchestrator(
            "timer_retry",
            ctx -> {
              ctx.createTimer(Duration.ofMillis(300)).await();
              var retry =
                  new RetryPolicy().setMaxAttempts(4).setFirstRetryInterval(Duration.ofMillis(200));
              return ctx.callActivity(
                      "flaky",
                      ctx.input(String.class),
                      String.class,
                      new TaskOptions().setRetryPolicy(retry))
                  .await();
            })
        .addOrchestrator(
            "event",
            ctx -> {
              // a long timeout: the event arrives first and the timer stays parked
              String got =
                  ctx.waitForExternalEvent("go", Duration.ofHours(1), String.class).await();
              String late =
                  ctx.waitForExternalEvent("never", Duration.ofMillis(300), String.class, "late")
                      .await();
              return got + "/" + late;
            })
        .addOrchestrator(
            "entity",
            ctx -> {
              @SuppressWarnings("unchecked")
              Map<String, String> in = ctx.input(Map.class);
              EntityId counter = EntityId.of("counter", in.get("counter"));
              EntityId from = EntityId.of("counter", in.get("from"));
              EntityId to = EntityId.of("counter", in.get("to"));
              ctx.signalEntity(counter, "add", 1);
              ctx.signalEntity(counter, "add", 1);
              long seen = ctx.callEntity(counter, "get", null, Long.class).await();
              try (EntityLock lock = ctx.lockEntities(from, to)) {
                ctx.callEntity(from, "add", -1, Void.class).await();
                ctx.callEntity(to, "add", 1, Void.class).await();
              }
              return seen >= 2;
            });
  }

  /**
   * Starts {@code n} instances of each workload in {@code which}, ids prefixed by {@code prefix},
   * and records their expected ends (and the entities' expected states) in {@code expect}. Client
   * calls that fail as unavailable are retried, as a user would.
   */
  public static void start(
      DurableClient client, String prefix, int n, Set<String> which, Invariants expect) {
    for (int i = 0; i < n; i++) {
      if (which.contains("chain")) {
        String id = startOne(client, "chain", i, prefix + "chain-" + i);
        expect.expect(id, RuntimeStatus.COMPLETED, String.valueOf(i + STEPS));
      }
      if (which.contains("fan")) {
        String id = startOne(client, "fan", i, prefix + "fan-" + i);
        expect.expect(id, RuntimeStatus.COMPLETED, String.valueOf(fan(i)));
      }
      if (which.contains("sub")) {
        String id = startOne(client, "sub", i, prefix + "sub-" + i);
        int sum = (i + STEPS) + fan(i) + (i + 1 + STEPS);
        expect.expect(id, RuntimeStatus.COMPLETED, String.valueOf(sum));
      }
      if (which.contains("timer_retry")) {
        String id = prefix + "timer-" + i;
        String key = id + "@" + System.nanoTime();
        startOne(client, "timer_retry", key, id);
        expect.expect(id, RuntimeStatus.COMPLETED, "\"ok:" + key + "\"");
      }
      if (which.contains("again")) {
        String id = startOne(client, "again", 0, prefix + "again-" + i);
        expect.expect(id, RuntimeStatus.COMPLETED, "3");
      }
      if (which.contains("manage")) {
        String id = startOne(client, "manage", null, prefix + "manage-" + i);
        expect.expect(id, RuntimeStatus.TERMINATED, null);
      }
      if (which.contains("large")) {
        String id = startOne(client, "large", i, prefix + "large-" + i);
        expect.expect(id, RuntimeStatus.COMPLETED, String.valueOf(LARGE + i));
      }
      if (which.contains("event")) {
        String id = startOne(client, "event", null, prefix + "event-" + i);
        expect.expect(id, RuntimeStatus.COMPLETED, "\"v" + i + "/late\"");
      }
      if (which.contains("entity")) {
        var in = Map.of("counter", prefix + "hits", "from", prefix + "from", "to", prefix + "to");
        String id = startOne(client, "entity", in, prefix + "entity-" + i);
        expect.expect(id, RuntimeStatus.COMPLETED, "true");
      }
    }
    if (which.contains("event")) {
      for (int i = 0; i < n; i++) {
        String id = prefix + "event-" + i;
        String value = "v" + i;
        retrying(() -> client.raiseEvent(id, "go", value));
      }
    }
    if (which.contains("manage")) {
      for (int i = 0; i < n; i++) {
        String id = prefix + "manage-" + i;
        retrying(() -> client.waitForInstanceStart(id, Duration.ofSeconds(30)));
        controlRetrying(() -> client.suspend(id, "pause"));
        awaitStatus(client, id, RuntimeStatus.SUSPENDED); // a resume checks the status row
        controlRetrying(() -> client.resume(id, "go on"));
        controlRetrying(() -> client.terminate(id, "enough"));
      }
    }
    if (which.contains("entity")) {
      expect.expectEntity(EntityId.of("counter", prefix + "hits"), "{\"value\":" + 2 * n + "}");
      expect.expectEntity(EntityId.of("counter", prefix + "from"), "{\"value\":" + -n + "}");
      expect.expectEntity(EntityId.of("counter", prefix + "to"), "{\"value\":" + n + "}");
    }
  }

  private static void awaitStatus(DurableClient client, String id, RuntimeStatus status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (retrying(() -> client.getInstance(id)).status() != status) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            id + " did not become " + status + ": " + EngineFixture.describe(client, id));
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  private static int fan(int base) {
    return WIDTH * base + WIDTH * (WIDTH + 1) / 2;
  }

  /**
   * Starts {@code id}, retrying as a user would. A retry that finds the instance already there
   * (BATON-104) means an earlier attempt went through though its answer was lost: the client's own
   * retries are spent, and a new call is a new start to the store. The instance then runs once,
   * which the invariants check. A row still Pending may be an attempt's orphan whose message was
   * never sent: the start is asked again (for 10 s at most) until it takes the row over. Used by
   * the benchmark report's fault run too, so both start as a user does.
   *
   * <pre>{@code
   * String id = FaultWorkloads.startOne(client, "chain", 1, "chain-1");
   * }</pre>
   */
  public static String startOne(DurableClient client, String name, Object input, String id) {
    var options = new StartOptions().setInstanceId(id);
    boolean retried = false;
    int failures = 0; // counted apart: polls of a Pending row are not failures
    for (int attempt = 0; ; attempt++) {
      try {
        return EngineFixture.await(client.scheduleNewOrchestration(name, input, options));
      } catch (BatonException e) {
        if (retried && e.code() == ErrorCode.INSTANCE_EXISTS) {
          if (!e.getMessage().contains("is Pending") || attempt >= 100) {
            return id;
          }
          // a Pending row may be an earlier attempt's orphan (its start message never sent),
          // which a start takes over after twice the visibility timeout: keep asking, as documented
          LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
          continue;
        }
        if (!unavailable(e) || ++failures >= 30) {
          throw e;
        }
        retried = true;
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
    }
  }

  /**
   * Calls {@code call} until it succeeds or fails otherwise than as unavailable, 30 times at most:
   * what a user does when the store does not answer.
   */
  public static <T> T retrying(Supplier<Future<T>> call) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 30; attempt++) {
      try {
        return EngineFixture.await(call.get());
      } catch (RuntimeException e) {
        if (!unavailable(e)) {
          throw e;
        }
        last = e;
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
    }
    throw last;
  }

  /**
   * {@link #retrying} for a suspend, resume or terminate: when an attempt failed as unavailable, it
   * may have been sent though its answer was lost, and applied since; a retry that then finds the
   * instance no longer in the state the call needs (BATON-110, say a terminate of an instance now
   * Terminated) means an earlier attempt went through, as a user who retried would conclude. The
   * invariants check the final status.
   */
  static void controlRetrying(Supplier<Future<Void>> call) {
    var mayHaveLanded = new AtomicBoolean();
    try {
      retrying(
          () ->
              call.get()
                  .onFailure(
                      t -> {
                        if (unavailable(t)) {
                          mayHaveLanded.set(true); // sent, perhaps, with its answer lost
                        }
                      }));
    } catch (BatonException e) {
      if (!mayHaveLanded.get() || e.code() != ErrorCode.INVALID_STATE) {
        throw e;
      }
    }
  }

  private static boolean unavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (StoreException.is(c, StoreException.Reason.UNAVAILABLE)
          || String.valueOf(c.getMessage()).contains("injected fault")) {
        return true;
      }
    }
    return false;
  }
}
