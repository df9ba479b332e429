package dev.baton.core.impl.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.DataConverter;
import dev.baton.core.entity.Entity;
import dev.baton.core.entity.EntityId;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EntityCleanupRequested;
import dev.baton.core.history.HistoryEvent.EntityLockGranted;
import dev.baton.core.history.HistoryEvent.EntityLockReleased;
import dev.baton.core.history.HistoryEvent.EntityLockRequested;
import dev.baton.core.history.HistoryEvent.EntityOperationCompleted;
import dev.baton.core.history.HistoryEvent.EntityOperationFailed;
import dev.baton.core.history.HistoryEvent.EntityOperationRequested;
import dev.baton.core.history.HistoryEvent.EntitySnapshot;
import dev.baton.core.history.HistoryEvent.EntitySnapshot.Outgoing;
import dev.baton.core.history.HistoryEvent.EntityWakeUp;
import dev.baton.core.history.HistoryJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One entity episode, from snapshots and messages alone. */
class EntityBatchTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final EntityId ID = EntityId.of("counter", "k");
  private static final EntityId OTHER = EntityId.of("counter", "other");

  /** {@code add} adds (and signals {@code other} when asked), {@code fail} adds then throws. */
  private static final Entity COUNTER =
      ctx -> {
        long value = ctx.state(Long.class, () -> 0L);
        switch (ctx.operationName()) {
          case "add" -> ctx.setState(value + ctx.input(Long.class));
          case "addAndSignal" -> {
            ctx.setState(value + 1);
            ctx.signalEntity(OTHER, "add", 1);
          }
          case "fail" -> {
            ctx.setState(value + 1000);
            ctx.signalEntity(OTHER, "add", 1000);
            throw new IllegalStateException("no");
          }
          case "delete" -> ctx.deleteState();
          default -> {}
        }
        return ctx.state(Long.class);
      };

  private static final EntityBatch.Env ENV =
      new EntityBatch.Env(
          DataConverter.jackson(),
          name -> name.equals("counter") ? COUNTER : null,
          name -> name.equals("hello"),
          Duration.ofMinutes(10));

  private EntitySnapshot snapshot;
  private final Map<String, Long> seqs = new java.util.HashMap<>();

  private EntityBatch.Result run(Instant now, HistoryEvent... messages) {
    EntityBatch.Result r =
        new EntityBatch(ENV, ID, snapshot, List.of(), now).run(List.of(messages));
    if (r.changed()) {
      snapshot = r.snapshot();
    }
    return r;
  }

  private EntityOperationRequested signal(String source, String op, Object input) {
    long seq = seqs.merge(source, 1L, Long::sum);
    return new EntityOperationRequested(
        T0,
        ID.instanceId(),
        op,
        DataConverter.jackson().serialize(input),
        source + seq,
        source,
        seq,
        seq == 1 ? null : T0,
        null,
        null,
        -1,
        true,
        null);
  }

  private EntityOperationRequested call(String orchestration, int taskId, String op, Object in) {
    String source = orchestration + "#e1";
    long seq = seqs.merge(source, 1L, Long::sum);
    return new EntityOperationRequested(
        T0,
        ID.instanceId(),
        op,
        DataConverter.jackson().serialize(in),
        "r" + taskId,
        source,
        seq,
        seq == 1 ? null : T0,
        orchestration,
        "e1",
        taskId,
        false,
        null);
  }

  private EntityLockRequested lock(String orchestration, int taskId, List<String> set, int pos) {
    String source = orchestration + "#e1";
    long seq = seqs.merge(source, 1L, Long::sum);
    return new EntityLockRequested(
        T0,
        set,
        pos,
        orchestration + ":lock" + taskId,
        source,
        seq,
        seq == 1 ? null : T0,
        orchestration,
        "e1",
        taskId);
  }

  private long state() {
    return Long.parseLong(snapshot.state());
  }

  @Test
  void aFailedOperationIsRolledBackWithItsSignalsAndLaterOnesRun() {
    EntityBatch.Result r =
        run(
            T0,
            call("o", 0, "add", 1),
            call("o", 1, "fail", null),
            signal("c", "fail", null),
            call("o", 2, "addAndSignal", null));
    assertEquals(4, r.operations());
    assertEquals(2, state(), "1, the failures rolled back, then 1 more");
    List<HistoryEvent> out = snapshot.outbox().stream().map(Outgoing::event).toList();
    assertEquals(new EntityOperationCompleted(T0, 0, "1"), out.get(0));
    var failed = assertInstanceOf(EntityOperationFailed.class, out.get(1));
    assertEquals("java.lang.IllegalStateException: no", failed.failure().toString());
    var forwarded = assertInstanceOf(EntityOperationRequested.class, out.get(2));
    assertEquals(OTHER.instanceId(), forwarded.target());
    assertEquals(1, forwarded.seq(), "the failed operation's signals were never numbered");
    assertEquals(ID.instanceId() + "#" + snapshot.incarnation(), forwarded.source());
    assertEquals(new EntityOperationCompleted(T0, 2, "2"), out.get(3));
    assertEquals(4, out.size(), "a failed signal has nobody to answer");
  }

  @Test
  void aDuplicateBatchChangesNothing() {
    var add = signal("c", "add", 5);
    run(T0, add);
    EntitySnapshot before = snapshot;
    EntityBatch.Result again = run(T0.plusSeconds(1), add, add);
    assertFalse(again.changed());
    assertEquals(0, again.operations());
    assertEquals(before, snapshot);
  }

  @Test
  void aLockHoldsOthersBackUntilItIsReleased() {
    List<String> set = List.of(ID.instanceId(), OTHER.instanceId());
    run(T0, lock("holder", 3, set, 0));
    assertEquals("holder", snapshot.lock().instanceId());
    var forward = assertInstanceOf(EntityLockRequested.class, snapshot.outbox().get(0).event());
    assertEquals(1, forward.position());
    assertEquals(OTHER.instanceId(), snapshot.outbox().get(0).instanceId());

    run(T0, signal("c", "add", 10), lock("rival", 0, List.of(ID.instanceId()), 0));
    assertNull(snapshot.state(), "the client's signal waits");
    assertEquals(2, snapshot.queue().size());
    run(T0, call("holder", 4, "add", 1));
    assertEquals(1, state(), "the holder's call runs at once");

    run(T0, new EntityLockReleased(T0, 5, "holder:lock3", set));
    assertEquals(11, state(), "the waiting signal ran after the release");
    assertEquals("rival", snapshot.lock().instanceId(), "then the next lock took the entity");
    var granted = assertInstanceOf(EntityLockGranted.class, snapshot.outbox().getLast().event());
    assertEquals("rival:lock0", granted.lockRequestId());
    assertEquals("rival", snapshot.outbox().getLast().instanceId());
    assertTrue(snapshot.queue().isEmpty());
  }

  @Test
  void aReleasedLockThatStillWaitsIsDropped() {
    run(
        T0,
        lock("holder", 0, List.of(ID.instanceId()), 0),
        lock("gone", 0, List.of(ID.instanceId()), 0));
    assertEquals(1, snapshot.queue().size());
    run(T0, new EntityLockReleased(T0, -1, "gone:lock0", List.of(ID.instanceId())));
    assertTrue(snapshot.queue().isEmpty());
    assertEquals("holder", snapshot.lock().instanceId());
  }

  @Test
  void aScheduledSignalWaitsForItsTimeAndAsksToBeWoken() {
    Instant at = T0.plusSeconds(30);
    var later =
        new EntityOperationRequested(
            T0, ID.instanceId(), "add", "7", "s1", "s", 1, null, null, null, -1, true, at);
    run(T0, later);
    assertNull(snapshot.state());
    assertEquals(1, snapshot.scheduled().size());
    Outgoing wake = snapshot.outbox().getLast();
    assertInstanceOf(EntityWakeUp.class, wake.event());
    assertEquals(at, wake.deliverAt());
    assertEquals(ID.instanceId(), wake.instanceId());
    run(T0.plusSeconds(31), new EntityWakeUp(T0));
    assertEquals(7, state());
    assertTrue(snapshot.scheduled().isEmpty());
  }

  @Test
  void aCleanUpRemovesOnlyAnEmptyEntityWhoseSendersAreQuiet() {
    run(T0, signal("c", "add", 1));
    assertFalse(run(T0, new EntityCleanupRequested(T0)).remove());
    run(T0, signal("c", "delete", null));
    EntityBatch.Result kept = run(T0, new EntityCleanupRequested(T0));
    assertFalse(kept.remove(), "'c' was heard of just now");
    assertTrue(kept.keep(), "the entity answers that it stays");
    Instant quiet = T0.plus(ENV.reorderWindow());
    assertTrue(run(quiet, new EntityCleanupRequested(T0)).remove());
  }

  @Test
  void operationsOnAnUnknownEntityFailForTheirCaller() {
    EntityId unknown = EntityId.of("ghost", "k");
    var request =
        new EntityOperationRequested(
            T0, unknown.instanceId(), "add", "1", "r", "o#e1", 1, null, "o", "e1", 9, false, null);
    EntityBatch.Result r = new EntityBatch(ENV, unknown, null, List.of(), T0).run(List.of(request));
    var failed =
        assertInstanceOf(EntityOperationFailed.class, r.snapshot().outbox().getFirst().event());
    assertTrue(failed.failure().message().startsWith("BATON-201 unknown entity 'ghost'"));
    assertNull(r.snapshot().state());
  }

  @Test
  void theSnapshotReadsBackEqualFromJson() {
    run(T0, lock("holder", 1, List.of(ID.instanceId()), 0), signal("c", "add", 2));
    seqs.put("c", 5L);
    run(T0, signal("c", "add", 3)); // waits for 2..5
    HistoryEvent decoded = HistoryJson.decode(HistoryJson.encode(snapshot));
    assertEquals(snapshot, decoded);
    List<HistoryEvent> events = new ArrayList<>(List.of(snapshot));
    assertEquals(events, HistoryJson.decodeList(HistoryJson.encodeList(events)));
  }

  @Test
  void aBatchThatGoesOnWithTheKeptInboxEndsLikeOneThatReadsItFromTheSnapshot() {
    // three sources, their signals shuffled over batches, with repeats: some wait for a gap
    List<EntityOperationRequested> all = new ArrayList<>();
    for (String source : List.of("a", "b", "c")) {
      for (int i = 0; i < 30; i++) {
        all.add(signal(source, "add", 1L));
      }
    }
    java.util.Collections.shuffle(all, new java.util.Random(7));
    all.addAll(all.subList(0, 10)); // redelivered
    EntitySnapshot read = null;
    EntitySnapshot kept = null;
    EntityInbox inbox = null;
    EntitySnapshot first = null;
    List<EntitySnapshot.Waiting> firstWaiting = null;
    Map<String, EntitySnapshot.Progress> firstSenders = null;
    Instant now = T0;
    for (int from = 0; from < all.size(); from += 7) {
      List<HistoryEvent> batch = List.copyOf(all.subList(from, Math.min(all.size(), from + 7)));
      now = now.plusMillis(1);
      EntityBatch.Result fromSnapshot = new EntityBatch(ENV, ID, read, List.of(), now).run(batch);
      EntityBatch.Result goingOn = new EntityBatch(ENV, ID, kept, List.of(), now, inbox).run(batch);
      assertEquals(fromSnapshot.changed(), goingOn.changed());
      assertEquals(fromSnapshot.operations(), goingOn.operations());
      if (fromSnapshot.changed()) {
        read = fromSnapshot.snapshot();
        kept = goingOn.snapshot();
      }
      assertEquals(read.waiting(), kept.waiting());
      assertEquals(read.senders(), kept.senders());
      assertEquals(read.state(), kept.state());
      if (first == null && !kept.waiting().isEmpty()) {
        first = kept;
        firstWaiting = List.copyOf(kept.waiting());
        firstSenders = Map.copyOf(kept.senders());
      }
      inbox = goingOn.inbox();
    }
    assertEquals("90", kept.state());
    assertTrue(kept.waiting().isEmpty());
    // a committed snapshot is not changed by the later batches that went on with its inbox
    assertEquals(firstWaiting, first.waiting());
    assertEquals(firstSenders, first.senders());
  }
}
