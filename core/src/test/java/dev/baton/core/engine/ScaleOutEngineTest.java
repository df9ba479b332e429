package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static dev.baton.core.engine.TestEntities.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.TaskHubStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Engines sharing one task hub: they split its partitions, and when one is closed or dies the other
 * takes its partitions over once their leases are free or lapsed, and finishes its instances. A
 * death is a {@link FreezableBackend} frozen: its leases are neither renewed nor released.
 */
public abstract class ScaleOutEngineTest extends EngineTestBase {

  private static final Set<Integer> ALL = Set.of(0, 1, 2, 3);

  /** How long past a lease's lapse a takeover may take on a loaded machine. */
  private static final Duration SLACK = Duration.ofSeconds(20);

  private final List<FreezableBackend> freezables = new ArrayList<>();

  @AfterEach
  void killFrozenEngines() {
    freezables.forEach(FreezableBackend::kill); // lets the fixture close them at once
  }

  private FreezableBackend freezable() {
    var backend = new FreezableBackend(fixture.backend());
    freezables.add(backend);
    return backend;
  }

  private Duration leaseTime() {
    return fixture.options().getLeaseDuration();
  }

  private static void assertSplit(Baton a, Baton b) {
    Set<Integer> union = new HashSet<>(a.ownedPartitions());
    union.addAll(b.ownedPartitions());
    assertEquals(ALL, union, "every partition is owned");
    assertEquals(4, a.ownedPartitions().size() + b.ownedPartitions().size(), "by one engine");
  }

  private static boolean split(Baton a, Baton b) {
    return a.ownedPartitions().size() == 2 && b.ownedPartitions().size() == 2;
  }

  private List<String> startChains(DurableClient client, String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(
          await(
              client.scheduleNewOrchestration(
                  "chain", i, new StartOptions().setInstanceId(prefix + i))));
    }
    return ids;
  }

  /** Each chain instance i returns i + 5 + (1 + 2 + 3); each completion is applied once. */
  private void assertAllFinished(DurableClient client, List<String> ids) {
    TaskHubStore hub = fixture.hub();
    for (int i = 0; i < ids.size(); i++) {
      InstanceMetadata done = complete(client, ids.get(i));
      assertEquals(RuntimeStatus.COMPLETED, done.status(), ids.get(i));
      assertEquals(i + 11, done.readOutput(Integer.class), ids.get(i));
      List<HistoryEvent> events = await(hub.history().load(ids.get(i))).events();
      long completions =
          events.stream().filter(HistoryEvent.TaskCompleted.class::isInstance).count();
      long ends = events.stream().filter(HistoryEvent.ExecutionCompleted.class::isInstance).count();
      assertEquals(8, completions, "each of the 8 calls of " + ids.get(i) + " completed once");
      assertEquals(1, ends, ids.get(i) + " ended once");
    }
  }

  @Test
  void twoEnginesSharingAHubSplitItsPartitionsAndBothServeIt() {
    Baton first = fixture.start(RecoveryEngineTest::chain);
    awaitUntil(() -> first.ownedPartitions().equals(ALL), SLACK, "the first engine owns all");
    Baton second = fixture.start(RecoveryEngineTest::chain);
    awaitUntil(() -> split(first, second), leaseTime().plus(SLACK), "two partitions each");
    assertSplit(first, second);

    List<String> ids = startChains(second.client(), "split-", 12);
    assertAllFinished(first.client(), ids);
    assertTrue(split(first, second), "the split is stable while both live");
  }

  @Test
  void aClosedEnginesPartitionsMoveToTheOtherWhichFinishesItsInstances() {
    Baton first = fixture.start(b -> RecoveryEngineTest.chain(b, 20));
    Baton second = fixture.start(b -> RecoveryEngineTest.chain(b, 20));
    awaitUntil(() -> split(first, second), leaseTime().plus(SLACK), "two partitions each");
    List<String> ids = startChains(first.client(), "handover-", 20);
    await(first.client().waitForInstanceStart(ids.getLast(), Duration.ofSeconds(30)));

    await(second.close());
    awaitUntil(
        () -> first.ownedPartitions().equals(ALL),
        leaseTime().plus(SLACK),
        "the remaining engine takes every partition");
    assertAllFinished(first.client(), ids);
  }

  @Test
  void aDeadEnginesPartitionsMoveWhenItsLeasesLapseAndItsInstancesFinish() {
    FreezableBackend doomed = freezable();
    Baton first = fixture.start(b -> RecoveryEngineTest.chain(b.backend(doomed), 20));
    Baton second = fixture.start(b -> RecoveryEngineTest.chain(b, 20));
    awaitUntil(() -> split(first, second), leaseTime().plus(SLACK), "two partitions each");
    List<String> ids = startChains(second.client(), "orphan-", 20);
    await(second.client().waitForInstanceStart(ids.getLast(), Duration.ofSeconds(30)));

    doomed.freeze(); // the first engine dies: nothing released, nothing renewed
    awaitUntil(
        () -> second.ownedPartitions().equals(ALL),
        leaseTime().multipliedBy(2).plus(SLACK),
        "the survivor takes the dead engine's partitions once their leases lapse");
    assertAllFinished(second.client(), ids);
  }

  @Test
  void statusAgreesWithHistoryAfterADeathBetweenHistoryAppendAndStatusRow() {
    FreezableBackend doomed = freezable();
    doomed.freezeAt(
        (method, args) ->
            method.getName().equals("update")
                && args[0] instanceof InstanceRecord r
                && r.instanceId().equals("torn")
                && r.status() == RuntimeStatus.COMPLETED);
    Baton first = fixture.start(b -> RecoveryEngineTest.chain(b.backend(doomed)));
    await(
        first
            .client()
            .scheduleNewOrchestration("chain", 0, new StartOptions().setInstanceId("torn")));
    awaitUntil(doomed::isFrozen, SLACK, "the engine dies as it writes the Completed row");

    TaskHubStore hub = fixture.hub();
    assertFalse(
        await(hub.instances().get("torn")).value().status().isFinished(),
        "the row was left behind");
    assertInstanceOf(
        HistoryEvent.ExecutionCompleted.class,
        await(hub.history().load("torn")).events().getLast(),
        "the history was appended");

    Baton second = fixture.start(RecoveryEngineTest::chain);
    InstanceMetadata done = complete(second.client(), "torn");
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals(11, done.readOutput(Integer.class));
    assertAllFinished(second.client(), List.of("torn"));
  }
}
