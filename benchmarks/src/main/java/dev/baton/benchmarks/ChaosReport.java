package dev.baton.benchmarks;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.engine.FaultBackend;
import dev.baton.core.engine.FaultBackend.Fault;
import dev.baton.core.engine.FaultBackend.StoreCall;
import dev.baton.core.engine.FaultPlan;
import dev.baton.core.engine.FaultWorkloads;
import dev.baton.core.engine.FreezableBackend;
import dev.baton.core.engine.Invariants;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.core.spi.Versioned;
import dev.baton.storage.memory.MemoryBackend;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fault figures of the report, on the memory backend. {@code chaos_*}: a seeded run of the
 * report's workloads (HelloSequence5, chains, fan-outs) under the fault suites' own rules ({@link
 * FaultPlan#standard} on core's {@link FaultBackend}: every kind of store call fails, loses its
 * response or waits); instances are started as {@link FaultWorkloads#startOne} does, retrying as a
 * user would. Then the store heals and {@link Invariants} (the suites' checks) counts the instances
 * that did not complete with the right output ({@code chaos_lost}) and the events applied twice in
 * a history ({@code chaos_duplicate_results}). {@code recovery_after_restart_s}: an engine with
 * default options dies mid-run ({@link FreezableBackend}: no store call answers it any more,
 * nothing closed) and a new engine starts on the same store; the seconds until every unfinished
 * instance has moved again.
 */
final class ChaosReport {

  private static final long SEED = 42;

  /** How long each phase may take before the report says what did not happen. */
  private static final Duration PHASE = Duration.ofSeconds(60);

  /** How long a new engine may take to move every instance again (the guarantee is 30 s). */
  private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(2);

  private ChaosReport() {}

  static boolean wanted(List<String> only) {
    return Report.wanted(only, Section.CHAOS, Section.RECOVERY);
  }

  static void run(List<String> only) {
    // every injected fault and the dead engine's every call would log a warning
    Logger engineLog = Logger.getLogger("dev.baton");
    Level level = engineLog.getLevel();
    engineLog.setLevel(Level.SEVERE);
    try {
      if (Report.wanted(only, Section.CHAOS)) {
        chaos();
      }
      if (Report.wanted(only, Section.RECOVERY)) {
        recovery();
      }
    } finally {
      engineLog.setLevel(level);
    }
  }

  /** Short timeouts, so that a message given back or a lease lost comes back within seconds. */
  private static BatonOptions shortTimeouts(String hub) {
    return new BatonOptions()
        .setTaskHub(hub)
        .setVisibilityTimeout(Duration.ofSeconds(2))
        .setMaxPollInterval(Duration.ofMillis(100))
        .setLeaseDuration(Duration.ofSeconds(3))
        .setLeaseRenewInterval(Duration.ofMillis(500));
  }

  private static void chaos() {
    Vertx vertx = Vertx.vertx();
    MemoryBackend memory = MemoryBackend.create();
    FaultBackend faults = FaultPlan.standard(new FaultBackend(memory, SEED));
    Baton baton =
        Workloads.functions(Baton.builder(vertx).backend(faults).options(shortTimeouts("chaos")), 0)
            .build();
    try {
      Report.await(baton.start());
      TaskHubStore hub = Report.await(memory.open(vertx, "chaos", 4)); // read past the faults
      Invariants invariants = new Invariants(hub);
      for (int i = 0; i < 100; i++) {
        String id = FaultWorkloads.startOne(baton.client(), "hello_sequence5", null, "hello-" + i);
        invariants.expect(
            id,
            RuntimeStatus.COMPLETED,
            "[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\",\"Hello Paris!\",\"Hello Cairo!\"]");
      }
      for (int i = 0; i < 20; i++) {
        String chain = FaultWorkloads.startOne(baton.client(), "chain", 20, "chain-" + i);
        invariants.expect(chain, RuntimeStatus.COMPLETED, "20");
        String fanout = FaultWorkloads.startOne(baton.client(), "fanout", 20, "fanout-" + i);
        invariants.expect(fanout, RuntimeStatus.COMPLETED, "210");
      }
      waitUntil(PHASE, invariants::allFinished);
      faults.heal();
      boolean settled =
          waitUntil(
              PHASE,
              () -> invariants.violations(faults::parkedControl, faults::parkedWork).isEmpty());
      var lost = invariants.notAsExpected();
      int duplicates = 0;
      for (String id : invariants.expectedInstances()) {
        duplicates += Invariants.duplicates(Report.await(hub.history().load(id)).events()).size();
      }
      printFaults(faults);
      if (!settled) {
        System.out.println(
            "# chaos: invariants still broken after healing: "
                + invariants.violations(faults::parkedControl, faults::parkedWork));
      } else {
        System.out.println(
            "# chaos: every invariant of the fault suites holds (rows agree with histories,"
                + " no lock held, queues drained, nothing set aside)");
      }
      Report.count("chaos_instances", invariants.expectedInstances().size(), "instances");
      Report.count("chaos_lost", lost.size(), "instances");
      Report.count("chaos_duplicate_results", duplicates, "results");
      if (!lost.isEmpty()) {
        System.out.println("# chaos: lost " + lost);
      }
    } finally {
      faults.heal(); // so that closing is not faulted too
      Report.closeAll(vertx, baton);
    }
  }

  /** The faults injected, by fault and by store call (injected/calls). */
  private static void printFaults(FaultBackend faults) {
    StringJoiner byFault = new StringJoiner(", ");
    for (Fault f : FaultPlan.SEEDED) {
      byFault.add(f + " " + faults.injected(f));
    }
    System.out.printf(
        "# chaos: seed %d, %d faults injected (%s)%n", SEED, faults.injected(), byFault);
    StringJoiner byCall = new StringJoiner(" ");
    for (StoreCall c : StoreCall.values()) {
      if (faults.calls(c) > 0) {
        byCall.add(c + "=" + faults.injected(c) + "/" + faults.calls(c));
      }
    }
    System.out.println("# chaos: faults per store call (injected/calls): " + byCall);
  }

  private static void recovery() {
    Vertx vertx = Vertx.vertx();
    MemoryBackend memory = MemoryBackend.create();
    var dying = new FreezableBackend(memory);
    BatonOptions options = new BatonOptions().setTaskHub("recovery"); // the defaults otherwise
    Baton first =
        Workloads.functions(Baton.builder(vertx).backend(dying).options(options), 10).build();
    Baton second = null;
    try {
      Report.await(first.start());
      TaskHubStore hub = Report.await(memory.open(vertx, "recovery", 4));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ids.add(FaultWorkloads.startOne(first.client(), "chain", 300, "r-" + i));
      }
      LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // let them run a while
      dying.freeze();
      Map<String, Integer> before = new HashMap<>();
      for (String id : ids) {
        Versioned<InstanceRecord> row = Report.await(hub.instances().get(id));
        if (row != null && !row.value().status().isFinished()) {
          before.put(id, Report.await(hub.history().load(id)).events().size());
        }
      }
      long killed = System.nanoTime();
      second =
          Workloads.functions(Baton.builder(vertx).backend(memory).options(options), 10).build();
      Report.await(second.start());
      List<String> still = new ArrayList<>(before.keySet());
      boolean moved =
          waitUntil(
              RECOVERY_LIMIT,
              () -> {
                still.removeIf(
                    id -> Report.await(hub.history().load(id)).events().size() > before.get(id));
                return still.isEmpty();
              });
      double seconds = (System.nanoTime() - killed) / 1e9;
      System.out.printf(
          "# recovery: %d unfinished instances when the engine died%s%n",
          before.size(), moved ? "" : "; not moved again within " + RECOVERY_LIMIT + ": " + still);
      Report.result("recovery_after_restart_s", seconds, "s");
    } finally {
      dying.kill(); // fails what the dead engine still waits for, so it can be closed
      Report.closeAll(vertx, first, second);
    }
  }

  /** Polls {@code done} every 100 ms until it holds or {@code limit} passed; whether it held. */
  private static boolean waitUntil(Duration limit, BooleanSupplier done) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    return true;
  }
}
