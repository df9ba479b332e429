package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.StartOptions;
import dev.baton.core.engine.FaultBackend.Fault;
import dev.baton.core.engine.FaultBackend.Rule;
import dev.baton.core.engine.FaultBackend.StoreCall;
import dev.baton.core.entity.EntityId;
import dev.baton.core.history.HistoryEvent.EntitySnapshot;
import dev.baton.core.impl.Partitioning;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.Lease;
import dev.baton.core.spi.StoredHistory;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.core.spi.Versioned;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Fencing of a stale owner: two engines share a hub, one engine's lease renewals hang (and its
 * other lease calls fail), and four of its writes are held: an orchestration's history append and
 * another's status row write, an entity episode's status row write (its snapshot already stored,
 * its outbox not sent yet) and the history read of the re-sends after a redelivery. The frozen
 * engine stops its partitions while their leases are still its own; the other takes them over
 * within the lease duration plus one balance period; and once the held calls are released after the
 * takeover, nothing more lands: rows keep the new owner's ETag, histories keep their events once,
 * the stale engine sends nothing, and every instance and entity ends as expected ({@link
 * Invariants}). Times are real, with the fixture's short leases (3 s, renewed every 500 ms).
 */
public abstract class LeaseFencingEngineTest extends EngineTestBase {

  private static final Set<Integer> ALL = Set.of(0, 1, 2, 3);
  private static final Duration SLACK = Duration.ofSeconds(20);

  /**
   * What a takeover may take beyond the lease duration and one balance period: the store's clock
   * grain (Azure's Last-Modified has whole seconds) and the balance's own requests on a loaded
   * machine (seen at 6.2 s past lease and balance with Azurite under a load of 13 on 2 cores). A
   * takeover that stalled, with balance rounds that pass over a lapsed lease, would exceed it.
   */
  private static final Duration TAKEOVER_TOLERANCE = Duration.ofSeconds(5);

  /** The calls by which an engine's commit changes the store. */
  private static final List<StoreCall> COMMIT_WRITES =
      List.of(
          StoreCall.HISTORY_APPEND,
          StoreCall.HISTORY_REPLACE,
          StoreCall.ROW_INSERT,
          StoreCall.ROW_UPDATE,
          StoreCall.CONTROL_SEND,
          StoreCall.WORK_SEND);

  private static void awaitUntil(BooleanSupplier done, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  /** An instance id with {@code prefix} that falls on one of {@code partitions}. */
  private static String idOn(Set<Integer> partitions, String prefix) {
    for (int k = 0; ; k++) {
      if (partitions.contains(Partitioning.partitionOf(prefix + k, ALL.size()))) {
        return prefix + k;
      }
    }
  }

  /**
   * A filter for {@link StoreCall#ROW_UPDATE} and {@code ROW_INSERT}: the row of {@code
   * instanceId}.
   */
  private static Predicate<Object[]> rowOf(String instanceId) {
    return args ->
        args.length > 0 && args[0] instanceof InstanceRecord r && r.instanceId().equals(instanceId);
  }

  /** The commit writes an engine made, by kind. */
  private static Map<StoreCall, Long> commitWrites(FaultBackend faults) {
    Map<StoreCall, Long> out = new java.util.EnumMap<>(StoreCall.class);
    COMMIT_WRITES.forEach(c -> out.put(c, faults.calls(c)));
    return out;
  }

  @Test
  void aFrozenEngineStopsBeforeItsLeasesExpireAndNothingItWritesAfterTheTakeoverLands() {
    var faults = new FaultBackend(fixture.backend(), 12);
    Baton frozen =
        fixture.start(
            fixture.options().setEngineId("frozen"),
            b -> TestEntities.register(RecoveryEngineTest.chain(b.backend(faults))));
    awaitUntil(() -> frozen.ownedPartitions().equals(ALL), SLACK, "the frozen one owns all");
    Baton other =
        fixture.start(
            fixture.options().setEngineId("other"),
            b -> TestEntities.register(RecoveryEngineTest.chain(b)));
    awaitUntil(
        () -> frozen.ownedPartitions().size() == 2 && other.ownedPartitions().size() == 2,
        SLACK,
        "two partitions each");
    Set<Integer> doomed = Set.copyOf(frozen.ownedPartitions());
    TaskHubStore hub =
        await(fixture.backend().open(fixture.vertx(), fixture.options().getTaskHub(), 4));
    DurableClient client = other.client();

    // one commit of the frozen engine held at its history append, another at its status row
    String heldAppend = idOn(doomed, "held-append-");
    String heldRow = idOn(doomed, "held-row-");
    faults.add(
        Rule.first(1, Fault.HOLD, StoreCall.HISTORY_APPEND)
            .when(FaultBackend.instance(heldAppend)));
    faults.add(Rule.first(1, Fault.HOLD, StoreCall.ROW_UPDATE).when(rowOf(heldRow)));
    // an entity's episode held at its status row: its snapshot stored, its outbox (a signal) not
    // sent yet
    EntityId forwarder = EntityId.fromInstanceId(idOn(doomed, "@list@held-entity-"));
    EntityId sink = EntityId.of("list", "sink");
    faults.add(
        Rule.first(1, Fault.HOLD, StoreCall.ROW_INSERT, StoreCall.ROW_UPDATE)
            .when(rowOf(forwarder.instanceId())));
    // a start whose first commit loses the answer to its history append: the start comes back, is
    // found in the history, and the re-sends after that redelivery are held at their history read
    // (the redelivered episode's own read comes first and goes through)
    String heldResend = idOn(doomed, "held-resend-");
    faults.add(
        Rule.first(1, Fault.LOSE_RESPONSE, StoreCall.HISTORY_APPEND)
            .when(FaultBackend.instance(heldResend)));
    faults.add(
        Rule.first(1, Fault.DELAY, StoreCall.HISTORY_LOAD)
            .when(FaultBackend.instance(heldResend))
            .maxDelay(Duration.ofMillis(1)));
    faults.add(
        Rule.first(1, Fault.HOLD, StoreCall.HISTORY_LOAD).when(FaultBackend.instance(heldResend)));
    var invariants = new Invariants(hub);
    List<String> ids = new ArrayList<>(List.of(heldAppend, heldRow, heldResend));
    for (int i = 0; i < 8; i++) {
      ids.add("fenced-" + i);
    }
    for (int i = 0; i < ids.size(); i++) {
      await(
          client.scheduleNewOrchestration(
              "chain", i, new StartOptions().setInstanceId(ids.get(i))));
      invariants.expect(ids.get(i), RuntimeStatus.COMPLETED, String.valueOf(i + 11));
    }
    await(client.signalEntity(forwarder, "forward", Map.of("to", sink.key(), "value", "x")));
    invariants.expectEntity(sink, "[\"x\"]");
    awaitUntil(() -> faults.heldCalls() == 4, SLACK, "the four calls are held: " + faults);
    assertEquals(2, faults.injected(StoreCall.HISTORY_APPEND), "held, and answer lost: " + faults);
    assertEquals(2, faults.injected(StoreCall.HISTORY_LOAD), "the re-sends' read held: " + faults);
    InstanceRecord pending = await(hub.instances().get(heldRow)).value();
    assertEquals(RuntimeStatus.PENDING, pending.status(), "the held row write has not landed");

    // the frozen engine's renewals hang from now on; its other lease calls fail
    Instant frozenAt = Instant.now();
    faults.add(Rule.random(1, Fault.HOLD, StoreCall.LEASE_RENEW));
    faults.add(
        Rule.random(
            1,
            Fault.FAIL,
            StoreCall.LEASE_ACQUIRE,
            StoreCall.LEASE_RELEASE,
            StoreCall.LEASE_OTHER));

    Map<Integer, Instant> stoppedAt = new HashMap<>();
    Map<Integer, Lease> leaseAtStop = new HashMap<>();
    Map<Integer, Instant> takenAt = new HashMap<>();
    long deadline = System.nanoTime() + SLACK.toNanos();
    while (takenAt.size() < doomed.size()) {
      assertTrue(System.nanoTime() < deadline, "the partitions did not move: " + faults);
      Set<Integer> mine = frozen.ownedPartitions();
      Set<Integer> theirs = other.ownedPartitions();
      Instant now = Instant.now();
      for (int p : doomed) {
        if (!mine.contains(p) && !stoppedAt.containsKey(p)) {
          stoppedAt.put(p, now);
          leaseAtStop.put(p, leaseOf(hub, p));
        }
        if (theirs.contains(p) && !takenAt.containsKey(p)) {
          assertTrue(
              stoppedAt.containsKey(p),
              "partition " + p + " was taken over while the frozen engine still ran it");
          takenAt.put(p, now);
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    Duration bound =
        fixture
            .options()
            .getLeaseDuration()
            .plus(fixture.options().getLeaseRenewInterval())
            .plus(TAKEOVER_TOLERANCE);
    for (int p : doomed) {
      Lease l = leaseAtStop.get(p);
      assertEquals("frozen", l.owner(), "partition " + p + " stopped while its lease was its own");
      assertTrue(
          stoppedAt.get(p).isBefore(l.expiresAt()),
          "partition " + p + " stopped at " + stoppedAt.get(p) + ", its lease expired at " + l);
      Duration took = Duration.between(frozenAt, takenAt.get(p));
      System.out.println("partition " + p + " taken over " + took + " after the freeze");
      assertTrue(
          took.compareTo(bound) <= 0,
          "partition " + p + " was taken over " + took + " after the freeze, bound " + bound);
    }
    assertEquals(Set.of(), frozen.ownedPartitions());
    assertEquals(ALL, other.ownedPartitions());

    // the new owner finishes everything, the held writes still held
    for (String id : ids) {
      assertEquals(RuntimeStatus.COMPLETED, complete(client, id).status(), id);
    }
    // the new owner sends the forwarder's outbox and moves the forwarder on
    TestEntities.awaitState(client, sink, List.class, List.of("x"));
    await(client.signalEntity(forwarder, "append", "after"));
    invariants.expectEntity(forwarder, "[\"after\"]");
    TestEntities.awaitState(client, forwarder, List.class, List.of("after"));
    awaitUntil(
        () -> rowAtSnapshot(hub, forwarder.instanceId()), SLACK, "the forwarder's row is current");
    invariants.assertHold(client, () -> 0, () -> 0, SLACK);
    assertEquals(4, faults.heldCalls() - faults.injected(StoreCall.LEASE_RENEW), "held: " + faults);
    List<String> held = List.of(heldAppend, heldRow, heldResend, forwarder.instanceId());
    Map<String, Versioned<InstanceRecord>> rows = new HashMap<>();
    Map<String, StoredHistory> histories = new HashMap<>();
    for (String id : held) {
      rows.put(id, await(hub.instances().get(id)));
      histories.put(id, await(hub.history().load(id)));
    }

    // the stale owner's writes go through now; none may land
    faults.heal();
    Map<StoreCall, Long> writesBefore = commitWrites(faults);
    await(faults.releaseHeld());
    invariants.assertHold(client, () -> 0, () -> 0, SLACK);
    for (String id : held) {
      Versioned<InstanceRecord> row = await(hub.instances().get(id));
      assertNotNull(row, id);
      assertEquals(rows.get(id).etag(), row.etag(), id + ": the new owner's row was not rewritten");
      assertEquals(rows.get(id).value(), row.value(), id);
      StoredHistory history = await(hub.history().load(id));
      assertEquals(histories.get(id).etag(), history.etag(), id + ": nothing was appended");
      assertEquals(histories.get(id).events(), history.events(), id);
      if (!id.startsWith("@")) { // an entity's history is its one snapshot
        assertEquals(List.of(), Invariants.duplicates(history.events()), id);
      }
    }
    assertEquals(
        writesBefore,
        commitWrites(faults),
        "the stale commits wrote nothing more after their held writes failed: " + faults);
  }

  /** Whether the entity's row was written from its stored snapshot (the row lags the history). */
  private static boolean rowAtSnapshot(TaskHubStore hub, String entityId) {
    Versioned<InstanceRecord> row = await(hub.instances().get(entityId));
    StoredHistory history = await(hub.history().load(entityId));
    return row != null
        && !history.events().isEmpty()
        && history.events().getLast() instanceof EntitySnapshot s
        && row.value().historyPosition() == ChronoUnit.MICROS.between(Instant.EPOCH, s.timestamp());
  }

  private static Lease leaseOf(TaskHubStore hub, int partition) {
    return await(hub.leases().list()).stream()
        .filter(l -> l.partition() == partition)
        .findFirst()
        .orElseThrow();
  }
}
