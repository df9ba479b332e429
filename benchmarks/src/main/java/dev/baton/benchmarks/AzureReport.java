package dev.baton.benchmarks;

import dev.baton.core.BatonOptions;
import dev.baton.storage.azure.AzureBackend;
import dev.baton.storage.azure.AzureStorageOptions;
import dev.baton.storage.azure.testing.Azurite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's Azure Storage figures, on an Azurite it starts for the run and stops after: the
 * HelloSequence5 throughput, the storage requests one HelloSequence3 orchestration costs (counted
 * at the SDK's HTTP pipeline over a batch of 100, the engine's polls included, the client's status
 * reads left out: it waits by querying the batch), and the start-to-result latency of a
 * one-activity orchestration. Azurite, a single Node.js process, bounds them all (see
 * storage-azure/README.md).
 */
final class AzureReport {

  static final String PREFIX = "azure_";

  /** Orchestrations per measured run: enough to keep every partition busy. */
  private static final int BATCH = 100;

  private static final int RUNS = 3;

  /** How often a batch's completion is checked (one query for the whole batch). */
  private static final Duration POLL = Duration.ofMillis(100);

  private static int batches;
  private static final int LATENCY_SAMPLES = 100;

  private AzureReport() {}

  static boolean wanted(List<String> only) {
    return Report.wanted(only, Section.startingWith(PREFIX));
  }

  static void run(List<String> only) {
    String missing = Azurite.missingTools();
    if (missing != null) {
      System.out.println(
          "# azure figures skipped: Azurite needs Node.js 20+ with npm, and " + missing);
      return;
    }
    try (Azurite azurite = Azurite.start(installDir(), stateDir())) {
      AzureBackend backend =
          AzureBackend.create(
              new AzureStorageOptions().setConnectionString(azurite.connectionString()));
      try (var w = new Workloads(backend, new BatonOptions().setTaskHub("benchazure"))) {
        measure(w, backend, only);
      } finally {
        Report.closing("the Azure backend", backend::close);
      }
      if (Report.wanted(only, Section.AZURE_TAKEOVER)) {
        AzureTakeover.measure(azurite);
      }
    }
  }

  private static void measure(Workloads w, AzureBackend backend, List<String> only) {
    w.runAll("hello_sequence3", null, 20); // warm-up: connections, queues, code paths
    if (Report.wanted(only, Section.AZURE_HELLO_SEQUENCE5)) {
      Report.result(
          PREFIX + "hello_sequence5",
          Report.median(
              RUNS, () -> Report.perSecond(BATCH, () -> w.runAll("hello_sequence5", null, BATCH))),
          "orchestrations/s");
    }
    if (Report.wanted(only, Section.AZURE_STORAGE_OPS)) {
      Map<String, Long> before = backend.storageRequestsByKind();
      w.runAllQuietly("hello_sequence3", "ops-", BATCH, POLL);
      Map<String, Long> used = minus(backend.storageRequestsByKind(), before);
      long total = used.values().stream().mapToLong(Long::longValue).sum();
      StringBuilder kinds = new StringBuilder();
      used.forEach(
          (kind, n) ->
              kinds.append(String.format(" %s=%.1f", kind.replace(' ', '_'), (double) n / BATCH)));
      System.out.println("# azure requests per HelloSequence3 orchestration by kind:" + kinds);
      Report.result(
          PREFIX + "storage_ops_per_orchestration",
          (double) total / BATCH,
          "requests/orchestration");
    }
    if (Report.wanted(only, Section.AZURE_START_LATENCY)) {
      double[] latencies = Report.latencies(w, 10, LATENCY_SAMPLES);
      Report.result(PREFIX + "start_latency_p50", Report.percentile(latencies, 50), "ms");
    }
  }

  private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach(
        (k, v) -> {
          long d = v - before.getOrDefault(k, 0L);
          if (d > 0) {
            out.put(k, d);
          }
        });
    return out;
  }

  /** The storage-azure module's Azurite install when run from the repository, else its own. */
  private static Path installDir() {
    Path module = Path.of("storage-azure");
    return Files.exists(module.resolve("package.json"))
        ? module
        : Path.of("benchmarks", "target", "azurite");
  }

  private static Path stateDir() {
    return Path.of("benchmarks", "target", "azurite-state");
  }
}
