package dev.baton.core.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.engine.FaultBackend.Fault;
import dev.baton.core.spi.TaskHubStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine suites' workloads ({@link FaultWorkloads}) under seeded faults ({@link FaultPlan}):
 * every kind of store call fails, loses its response or waits a few percent of the time while the
 * instances run; then the store heals and every guarantee of DESIGN.md section 3 is checked on the
 * store itself ({@link Invariants}). A backend binds it by implementing {@link #newBackend}, and
 * may run fewer seeds, workloads or instances where each store call costs more.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FaultedEngineTest extends EngineTestBase {

  /** The seeds, one test each. */
  protected List<Long> seeds() {
    return List.of(11L, 23L, 37L, 42L, 53L);
  }

  /** The workloads each seed runs together: all of them ({@link FaultWorkloads#ALL}). */
  protected Set<String> workloads() {
    return FaultWorkloads.ALL;
  }

  /** Instances per workload and seed. */
  protected int instancesPerWorkload() {
    return 4;
  }

  /**
   * How many engines share the hub for {@code seed}: with two, they share the partitions (one moves
   * when its lease would lapse before a renewal lands), and results cross engines through the
   * control queues.
   */
  protected int engines(long seed) {
    return seed % 2 == 0 ? 1 : 2;
  }

  /** How long the faults last at most, while the instances run. */
  protected Duration faultPhase() {
    return Duration.ofSeconds(30);
  }

  /**
   * {@link #seeds()}, or the seeds of the system property {@code baton.faults.seeds}, to try one.
   */
  final List<Long> seedsToRun() {
    String only = System.getProperty("baton.faults.seeds", "");
    return only.isBlank()
        ? seeds()
        : java.util.Arrays.stream(only.split(",")).map(Long::valueOf).toList();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seedsToRun")
  void everyGuaranteeHoldsUnderSeededFaults(long seed) {
    long began = System.nanoTime();
    var faults = FaultPlan.standard(new FaultBackend(fixture.backend(), seed));
    Baton baton = fixture.start(b -> FaultWorkloads.register(b.backend(faults)));
    for (int i = 1; i < engines(seed); i++) {
      fixture.start(b -> FaultWorkloads.register(b.backend(faults)));
    }
    TaskHubStore hub = fixture.hub();
    var invariants = new Invariants(hub);
    FaultWorkloads.start(
        baton.client(), "s" + seed + "-", instancesPerWorkload(), workloads(), invariants);
    long deadline = System.nanoTime() + faultPhase().toNanos();
    while (System.nanoTime() < deadline && !invariants.allFinished()) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    long faulted = System.nanoTime();
    List<String> unfinished = invariants.unfinished();
    faults.heal();
    invariants.assertHold(
        baton.client(), faults::parkedControl, faults::parkedWork, Duration.ofSeconds(40));
    System.out.printf(
        "seed %d: %d engines, %d instances, %s; faults for %d ms (unfinished then: %s), settled after %d ms"
            + " more%n",
        seed,
        engines(seed),
        invariants.expectedInstances().size(),
        faults,
        (faulted - began) / 1_000_000,
        unfinished.isEmpty() ? "none" : unfinished,
        (System.nanoTime() - faulted) / 1_000_000);
    assertTrue(faults.injected() > 0, "faults were injected: " + faults);
    for (Fault f : FaultPlan.SEEDED) {
      assertTrue(faults.injected(f) > 0, f + " was injected: " + faults);
    }
  }
}
