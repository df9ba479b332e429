package dev.baton.benchmarks;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.core.client.DurableClient;
import dev.baton.core.entity.EntityId;
import dev.baton.core.orchestration.Task;
import dev.baton.storage.memory.MemoryBackend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** The benchmark workloads: an engine on the memory backend with the functions they call. */
final class Workloads implements AutoCloseable {

  static final Duration WAIT = Duration.ofMinutes(5);

  private final Vertx vertx;
  private final Baton baton;
  private int hubs;

  Workloads() {
    this(new BatonOptions());
  }

  Workloads(BatonOptions options) {
    vertx = Vertx.vertx();
    baton =
        Baton.builder(vertx)
            .backend(MemoryBackend.create())
            .options(options.setTaskHub("bench" + (++hubs)))
            .addOrchestrator(
                "hello_sequence5",
                ctx -> {
                  List<String> out = new ArrayList<>(5);
                  for (String city :
                      new String[] {"Tokyo", "Seattle", "London", "Paris", "Cairo"}) {
                    out.add(ctx.callActivity("hello", city, String.class).await());
                  }
                  return out;
                })
            .addOrchestrator(
                "chain",
                ctx -> {
                  int n = ctx.input(Integer.class);
                  int value = 0;
                  for (int i = 0; i < n; i++) {
                    value = ctx.callActivity("inc", value, Integer.class).await();
                  }
                  return value;
                })
            .addOrchestrator(
                "fanout",
                ctx -> {
                  int n = ctx.input(Integer.class);
                  List<Task<Integer>> tasks = new ArrayList<>(n);
                  for (int i = 0; i < n; i++) {
                    tasks.add(ctx.callActivity("inc", i, Integer.class));
                  }
                  return ctx.allOf(tasks).await().size();
                })
            .addOrchestrator("one", ctx -> ctx.callActivity("inc", 1, Integer.class).await())
            .addEntity(
                "counter",
                ctx -> {
                  long value = ctx.state(Long.class, () -> 0L) + ctx.input(Long.class);
                  ctx.setState(value);
                  return value;
                })
            .addActivity("hello", ctx -> "Hello " + ctx.input(String.class) + "!")
            .addActivity("inc", ctx -> ctx.input(Integer.class) + 1)
            .build();
    baton.start().await();
  }

  DurableClient client() {
    return baton.client();
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
                    if (m.status() != dev.baton.core.RuntimeStatus.COMPLETED) {
                      throw new IllegalStateException(
                          m.instanceId() + " " + m.status() + " " + m.failure());
                    }
                    return m;
                  }));
    }
    Future.all(done).await();
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
    Future.all(sent).await();
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (EntityId id : ids) {
      while (true) {
        var m = client.getEntity(id, true).await();
        if (m != null && m.readState(Long.class) == perEntity) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(id + " did not reach " + perEntity + ": " + m);
        }
        LockSupport.parkNanos(200_000);
      }
    }
  }

  private int counterRuns;

  @Override
  public void close() {
    baton.close().await();
    vertx.close().await();
  }
}
