package dev.baton.benchmarks;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.InstanceQuery;
import dev.baton.core.client.StartOptions;
import dev.baton.core.spi.Lease;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.azure.AzureBackend;
import dev.baton.storage.azure.AzureStorageOptions;
import dev.baton.storage.azure.testing.Azurite;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The figure {@code azure_takeover_s}: how long after an engine process is killed (kill -9, in the
 * middle of a run) every instance moves again. A child JVM runs an engine on the report's Azurite
 * and owns every partition; this process starts a second engine, which takes half of them, and
 * instances that keep stepping on all partitions (each step sets its custom status); then the child
 * is killed, and the clock runs until this engine owns every partition and every instance has taken
 * a step since. Both engines use the default leases (15 s, renewed every 5 s), so the figure is
 * what a production hub sees: the dead engine's leases run out, and the survivor takes them at its
 * next balance.
 */
final class AzureTakeover {

  private static final String HUB = "benchtakeover";
  private static final String CONNECTION_ENV = "BATON_TAKEOVER_CONNECTION";
  private static final int PARTITIONS = BatonOptions.DEFAULT_PARTITION_COUNT;
  private static final int INSTANCES = 16;
  private static final Duration WAIT = Duration.ofMinutes(2);

  private AzureTakeover() {}

  /**
   * The engine both processes run: the workloads plus {@code ticker}, which steps forever (ten
   * steps per execution, then it continues as new), its custom status the step it is at.
   */
  private static Baton engine(Vertx vertx, AzureBackend backend, String engineId) {
    var builder =
        Workloads.functions(Baton.builder(vertx), 0)
            .addOrchestrator(
                "ticker",
                ctx -> {
                  Integer from = ctx.input(Integer.class);
                  int first = from == null ? 0 : from;
                  for (int step = first; step < first + 10; step++) {
                    ctx.setCustomStatus(step);
                    ctx.callActivity("hello", "step " + step, String.class).await();
                  }
                  ctx.continueAsNew(first + 10);
                  return null;
                });
    return builder
        .backend(backend)
        .options(new BatonOptions().setTaskHub(HUB).setEngineId(engineId))
        .build();
  }

  /** The child process: an engine that runs until it is killed or its parent goes away. */
  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    AzureBackend backend =
        AzureBackend.create(
            new AzureStorageOptions().setConnectionString(System.getenv(CONNECTION_ENV)));
    Baton baton = engine(vertx, backend, args[0]);
    Report.await(baton.start());
    System.out.println("engine " + args[0] + " started");
    while (System.in.read() >= 0) {
      // the parent holds our stdin open; when it goes, so do we
    }
    Report.closing("the engine", baton::close);
    Report.closing("the Azure backend", backend::close);
    Report.closing("Vert.x", vertx::close);
  }

  /** Measures and prints the figure on {@code azurite}. */
  static void measure(Azurite azurite) {
    Vertx vertx = Vertx.vertx();
    AzureBackend backend =
        AzureBackend.create(
            new AzureStorageOptions().setConnectionString(azurite.connectionString()));
    Process child = null;
    Baton survivor = null;
    try {
      TaskHubStore hub = Report.await(backend.open(vertx, HUB, PARTITIONS));
      child = spawn(azurite, "doomed");
      awaitUntil(() -> owners(hub).values().stream().allMatch("doomed"::equals), "child owns all");
      survivor = engine(vertx, backend, "survivor");
      Report.await(survivor.start());
      Baton s = survivor;
      awaitUntil(() -> s.ownedPartitions().size() == PARTITIONS / 2, "the survivor took its half");
      List<Integer> doomed = partitionsOf(owners(hub), "doomed");

      DurableClient client = survivor.client();
      List<Future<String>> starts = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        starts.add(
            client.scheduleNewOrchestration(
                "ticker", null, new StartOptions().setInstanceId("ticker-" + i)));
      }
      Report.await(Future.all(starts));
      awaitUntil(
          () -> {
            Map<String, Integer> steps = steps(client);
            return steps.size() == INSTANCES && steps.values().stream().allMatch(n -> n >= 2);
          },
          "every instance steps");

      child.destroyForcibly(); // SIGKILL: no release, no goodbye
      long killed = System.nanoTime();
      if (!child.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the killed engine's process did not end within " + WAIT);
      }
      Map<String, Integer> atKill = steps(client);
      long ownedAll = -1;
      while (true) {
        if (System.nanoTime() - killed > WAIT.toNanos()) {
          throw new IllegalStateException("the instances did not move again within " + WAIT);
        }
        if (ownedAll < 0 && survivor.ownedPartitions().size() == PARTITIONS) {
          ownedAll = System.nanoTime();
        }
        Map<String, Integer> now = steps(client);
        if (ownedAll >= 0
            && atKill.keySet().stream().allMatch(id -> now.getOrDefault(id, -1) > atKill.get(id))) {
          break;
        }
        LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
      }
      double seconds = (System.nanoTime() - killed) / 1e9;
      System.out.printf(
          "# azure takeover: partitions %s of the killed engine owned by the survivor after %.1f s;"
              + " all %d instances moved again after %.1f s%n",
          doomed, (ownedAll - killed) / 1e9, INSTANCES, seconds);
      Report.result(AzureReport.PREFIX + "takeover_s", seconds, "s");
      Report.await(survivor.close());
      survivor = null;
      Report.await(hub.delete());
    } catch (Exception e) {
      throw new IllegalStateException("azure_takeover_s: " + e, e);
    } finally {
      if (child != null) {
        child.destroyForcibly();
      }
      if (survivor != null) {
        Report.closing("the surviving engine", survivor::close);
      }
      Report.closing("the Azure backend", backend::close);
      Report.closing("Vert.x", vertx::close);
    }
  }

  /** A JVM on this one's classpath running {@link #main} as engine {@code engineId}. */
  private static Process spawn(Azurite azurite, String engineId) throws Exception {
    Path log = Path.of("benchmarks", "target", "takeover-" + engineId + ".log");
    Files.createDirectories(log.getParent());
    var builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                AzureTakeover.class.getName(),
                engineId)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().put(CONNECTION_ENV, azurite.connectionString());
    System.out.println("# azure takeover: child engine log in " + new File(log.toString()));
    return builder.start();
  }

  /** Each partition's lease holder, expired leases left out. */
  private static Map<Integer, String> owners(TaskHubStore hub) {
    Map<Integer, String> out = new HashMap<>();
    var now = java.time.Instant.now();
    for (Lease l : Report.await(hub.leases().list())) {
      if (l.expiresAt().isAfter(now) && !l.owner().isEmpty()) {
        out.put(l.partition(), l.owner());
      }
    }
    return out.size() == PARTITIONS ? out : Map.of(-1, "");
  }

  private static List<Integer> partitionsOf(Map<Integer, String> owners, String owner) {
    return owners.entrySet().stream()
        .filter(e -> e.getValue().equals(owner))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** Each ticker's last step, from its custom status (one query for all of them). */
  private static Map<String, Integer> steps(DurableClient client) {
    var query =
        new InstanceQuery()
            .setInstanceIdPrefix("ticker-")
            .setPageSize(INSTANCES)
            .setFetchInputsAndOutputs(true);
    Map<String, Integer> out = new HashMap<>();
    for (InstanceMetadata m : Report.await(client.queryInstances(query)).instances()) {
      Integer step = m.customStatus() == null ? null : m.readCustomStatus(Integer.class);
      out.put(m.instanceId(), step == null ? -1 : step);
    }
    return out;
  }

  private static void awaitUntil(BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + WAIT + ": " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
    }
  }
}
