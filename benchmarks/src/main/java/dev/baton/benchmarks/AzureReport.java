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
 * at the SDK's HTTP pipeline over a batch of 100, its start and the engine's polls included, the
 * benchmark's own completion queries left out), the start-to-result latency of a one-activity
 * orchestration, the requests a minute of an idle engine, and HelloSequence5 throughput with 1, 2
 * and 4 engine processes on one hub ({@link AzureScaleOut}). Azurite, a single Node.js process,
 * bounds them all (see storage-azure/README.md).
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
      if (Report.wanted(only, Section.AZURE_IDLE)) {
        idle(azurite);
      }
      scaleOut(azurite, only);
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
      storageOps(w, backend);
    }
    if (Report.wanted(only, Section.AZURE_START_LATENCY)) {
      double[] latencies = Report.latencies(w, 10, LATENCY_SAMPLES);
      Report.result(PREFIX + "start_latency_p50", Report.percentile(latencies, 50), "ms");
    }
  }

  /**
   * {@code azure_storage_ops_per_orchestration}: the requests of {@value #BATCH} HelloSequence3
   * orchestrations, their starts included, by kind; the benchmark's own completion queries (one
   * table GET each) are counted apart and left out.
   */
  private static void storageOps(Workloads w, AzureBackend backend) {
    Map<String, Long> before = backend.storageRequestsByKind();
    int queries = w.runAllQuietly("hello_sequence3", "ops-", BATCH, POLL);
    Map<String, Long> used = minus(backend.storageRequestsByKind(), before);
    used.computeIfPresent("table GET", (k, n) -> n - queries > 0 ? n - queries : null);
    long total = used.values().stream().mapToLong(Long::longValue).sum();
    System.out.println(
        "# azure requests per HelloSequence3 orchestration by kind:"
            + byKind(used, BATCH, 2)
            + " (the benchmark's "
            + queries
            + " completion queries left out)");
    Report.result(
        PREFIX + "storage_ops_per_orchestration", (double) total / BATCH, "requests/orchestration");
  }

  /** {@code azure_scaleout_1}, {@code _2}, {@code _4}: see {@link AzureScaleOut}. */
  private static void scaleOut(Azurite azurite, List<String> only) {
    Section[] sections = {
      Section.AZURE_SCALEOUT_1, Section.AZURE_SCALEOUT_2, Section.AZURE_SCALEOUT_4
    };
    for (Section section : sections) {
      int engines =
          Integer.parseInt(section.figures().get(0).substring((PREFIX + "scaleout_").length()));
      if (Report.wanted(only, section)) {
        Report.result(
            PREFIX + "scaleout_" + engines,
            AzureScaleOut.run(azurite, engines),
            "orchestrations/s");
      }
    }
  }

  /** How long an idle engine runs before its requests are counted: its polls back off first. */
  private static final Duration IDLE_WARM_UP = Duration.ofSeconds(30);

  private static final Duration IDLE_WINDOW = Duration.ofSeconds(60);

  /**
   * {@code azure_idle_requests_per_minute}: the storage requests of an engine with nothing to do,
   * with the default options (its own backend and hub, so nothing else is counted), over {@link
   * #IDLE_WINDOW} after {@link #IDLE_WARM_UP}; printed with the requests by kind.
   */
  private static void idle(Azurite azurite) {
    AzureBackend backend =
        AzureBackend.create(
            new AzureStorageOptions().setConnectionString(azurite.connectionString()));
    BatonOptions options = new BatonOptions().setTaskHub("benchidle");
    try (var w = new Workloads(backend, options)) {
      w.runAll("one", null, 1); // the engine is up and has worked once
      Report.pause(IDLE_WARM_UP);
      Map<String, Long> before = backend.storageRequestsByKind();
      long start = System.nanoTime();
      Report.pause(IDLE_WINDOW);
      Map<String, Long> used = minus(backend.storageRequestsByKind(), before);
      double minutes = (System.nanoTime() - start) / 60e9;
      System.out.println(
          "# azure requests per minute of an idle engine (max poll interval "
              + w.maxPollInterval().toMillis()
              + " ms) by kind:"
              + byKind(used, minutes, 1));
      long total = used.values().stream().mapToLong(Long::longValue).sum();
      Report.result(PREFIX + "idle_requests_per_minute", total / minutes, "requests/minute");
    } finally {
      Report.closing("the idle engine's Azure backend", backend::close);
    }
  }

  /**
   * The requests {@code counts} by kind, each divided by {@code per} (orchestrations, minutes) and
   * printed with {@code decimals} decimals: {@code " queue_GET=1.50 table_POST=2.00"}, a space
   * before each, the kind's spaces as underscores, in the map's order.
   */
  static String byKind(Map<String, Long> counts, double per, int decimals) {
    StringBuilder kinds = new StringBuilder();
    counts.forEach(
        (kind, n) ->
            kinds.append(
                String.format(" %s=%." + decimals + "f", kind.replace(' ', '_'), n / per)));
    return kinds.toString();
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
