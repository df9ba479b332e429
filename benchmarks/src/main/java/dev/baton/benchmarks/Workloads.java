package dev.baton.benchmarks;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.activity.ActivityOptions;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceQuery;
import dev.baton.core.client.StartOptions;
import dev.baton.core.entity.EntityId;
import dev.baton.core.orchestration.OrchestrationContext;
import dev.baton.core.orchestration.Task;
import dev.baton.core.spi.Backend;
import dev.baton.storage.memory.MemoryBackend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark workloads: an engine with the functions they call, on the memory backend unless
 * another is given (the caller closes a backend it gives).
 */
final class Workloads implements AutoCloseable {

  static final Duration WAIT = Duration.ofMinutes(5);

  private final Vertx vertx;
  private final Baton baton;

  Workloads() {
    this(new BatonOptions().setTaskHub("bench"));
  }

  Workloads(BatonOptions options) {
    this(MemoryBackend.create(), options);
  }

  Workloads(Backend backend, BatonOptions options) {
    vertx = Vertx.vertx();
    baton = functions(metered(Baton.builder(vertx)).backend(backend).options(options), 0).build();
    try {
      Report.await(baton.start());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Adds the workloads' orchestrators, entity and activities to {@code builder}: {@code
   * hello_sequence5} and {@code hello_sequence3} (greetings, in order), {@code chain} (n activities
   * in sequence, returns n), {@code fanout} (n in parallel, returns the sum of i + 1 for i below
   * n), {@code one}, {@code wait_timer} (an hour's timer), {@code wait_event} (an event named
   * {@code go}) and the {@code counter} entity; {@code inc} sleeps {@code activityMillis} first, on
   * its activity thread. {@code loop_hello_sequence5} and {@code loop_chain} are the same shapes
   * with their activities registered to run on the event loop ({@code ActivityOptions}).
   */
  static Baton.Builder functions(Baton.Builder builder, long activityMillis) {
    return builder
        .addOrchestrator("hello_sequence5", ctx -> helloSequence5(ctx, "hello"))
        .addOrchestrator("loop_hello_sequence5", ctx -> helloSequence5(ctx, "loop_hello"))
        .addOrchestrator("loop_chain", ctx -> chain(ctx, "loop_inc"))
        .addOrchestrator(
            "hello_sequence3",
            ctx -> {
              List<String> out = new ArrayList<>(3);
              for (String city : new String[] {"Tokyo", "Seattle", "London"}) {
                out.add(ctx.callActivity("hello", city, String.class).await());
              }
              return out;
            })
        .addOrchestrator("chain", ctx -> chain(ctx, "inc"))
        .addOrchestrator(
            "fanout",
            ctx -> {
              int n = ctx.input(Integer.class);
              List<Task<Integer>> tasks = new ArrayList<>(n);
              for (int i = 0; i < n; i++) {
                tasks.add(ctx.callActivity("inc", i, Integer.class));
              }
              int sum = 0;
              for (int r : ctx.allOf(tasks).await()) {
                sum += r;
              }
              return sum;
            })
        .addOrchestrator("one", ctx -> ctx.callActivity("inc", 1, Integer.class).await())
        .addOrchestrator(
            "wait_timer",
            ctx -> {
              ctx.createTimer(Duration.ofHours(1)).await();
              return null;
            })
        .addOrchestrator("wait_event", ctx -> ctx.waitForExternalEvent("go", String.class).await())
        .addEntity(
            "counter",
            ctx -> {
              long value = ctx.state(Long.class, () -> 0L) + ctx.input(Long.class);
              ctx.setState(value);
              return value;
            })
        .addActivity("hello", ctx -> "Hello " + ctx.input(String.class) + "!")
        .addActivity(
            "loop_hello",
            ctx -> "Hello " + ctx.input(String.class) + "!",
            ActivityOptions.onEventLoop())
        .addActivity("loop_inc", ctx -> ctx.input(Integer.class) + 1, ActivityOptions.onEventLoop())
        .addActivity(
            "inc",
            ctx -> {
              if (activityMillis > 0) {
                Thread.sleep(activityMillis); // an activity's own thread, never an event loop
              }
              return ctx.input(Integer.class) + 1;
            });
  }

  private static List<String> helloSequence5(OrchestrationContext ctx, String activity) {
    List<String> out = new ArrayList<>(5);
    for (String city : new String[] {"Tokyo", "Seattle", "London", "Paris", "Cairo"}) {
      out.add(ctx.callActivity(activity, city, String.class).await());
    }
    return out;
  }

  private static int chain(OrchestrationContext ctx, String activity) {
    int n = ctx.input(Integer.class);
    int value = 0;
    for (int i = 0; i < n; i++) {
      value = ctx.callActivity(activity, value, Integer.class).await();
    }
    return value;
  }

  DurableClient client() {
    return baton.client();
  }

  /** The idle poll interval in effect (the backend's choice unless the options set one). */
  Duration maxPollInterval() {
    return baton.effectiveOptions().getMaxPollInterval();
  }

  /** Starts {@code count} instances of {@code name} and waits for all of them. */
  void runAll(String name, Object input, int count) {
    DurableClient client = client();
    List<Future<?>> done = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      done.add(
          client
              .scheduleNewOrchestration(name, input)
              .compose(id -> client.waitForInstanceCompletion(id, WAIT))
              .map(
                  m -> {
                    if (m.status() != RuntimeStatus.COMPLETED) {
                      throw new IllegalStateException(
                          m.instanceId() + " " + m.status() + " " + m.failure());
                    }
                    return m;
                  }));
    }
    Report.await(Future.all(done), WAIT); // each instance is given WAIT
  }

  /**
   * Starts {@code count} instances with ids {@code prefix0..}, then waits until a query finds all
   * of them completed, querying every {@code pause}: unlike {@link #runAll}, no status read per
   * instance, so the storage requests counted meanwhile are the orchestrations' own and these
   * queries. Returns how many queries it made (each one page, one request, up to 1,000 rows).
   */
  int runAllQuietly(String name, String prefix, int count, Duration pause) {
    startAll(name, prefix, count);
    var query =
        new InstanceQuery()
            .setInstanceIdPrefix(prefix)
            .setRuntimeStatus(Set.of(RuntimeStatus.COMPLETED))
            .setPageSize(count);
    DurableClient client = client();
    long deadline = System.nanoTime() + WAIT.toNanos();
    int queries = 1;
    for (; Report.await(client.queryInstances(query)).instances().size() < count; queries++) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(prefix + "* did not complete within " + WAIT);
      }
      Report.pause(pause);
    }
    return queries;
  }

  /** Starts {@code count} instances of {@code name} with ids {@code prefix0..}; waits for none. */
  void startAll(String name, String prefix, int count) {
    DurableClient client = client();
    List<Future<String>> started = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      started.add(
          client.scheduleNewOrchestration(
              name, null, new StartOptions().setInstanceId(prefix + i)));
    }
    Report.await(Future.all(started));
  }

  /** How many partitions of its hub this engine holds now. */
  int ownedPartitions() {
    return baton.ownedPartitions().size();
  }

  /** Starts one instance and waits for its result. */
  void runOne(String name, Object input) {
    runAll(name, input, 1);
  }

  /**
   * Signals {@code add 1} {@code perEntity} times to each of {@code entities} new counters, round
   * robin, from the client, and waits until every counter holds {@code perEntity}.
   */
  void signalCounters(int entities, int perEntity) {
    DurableClient client = client();
    String run = "run" + (++counterRuns);
    List<EntityId> ids = new ArrayList<>(entities);
    for (int e = 0; e < entities; e++) {
      ids.add(EntityId.of("counter", run + "-" + e));
    }
    List<Future<Void>> sent = new ArrayList<>(entities * perEntity);
    for (int i = 0; i < perEntity; i++) {
      for (EntityId id : ids) {
        sent.add(client.signalEntity(id, "add", 1L));
      }
    }
    Report.await(Future.all(sent), WAIT);
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (EntityId id : ids) {
      while (true) {
        var m = Report.await(client.getEntity(id));
        if (m != null && m.readState(Long.class) == perEntity) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(id + " did not reach " + perEntity + ": " + m);
        }
        LockSupport.parkNanos(1_000_000);
      }
    }
  }

  private int counterRuns;

  @Override
  public void close() {
    Report.closeAll(vertx, baton);
  }

  /**
   * With the system property {@code baton.metrics=true}, the engine records its meters into a
   * Prometheus registry, so the CPU report can compare a metered engine with a plain one.
   */
  private static Baton.Builder metered(Baton.Builder builder) {
    if (Boolean.getBoolean("baton.metrics")) {
      builder.meterRegistry(
          new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
              io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT));
    }
    return builder;
  }
}
