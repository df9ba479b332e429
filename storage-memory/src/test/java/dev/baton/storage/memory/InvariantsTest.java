package dev.baton.storage.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.engine.Invariants;
import dev.baton.core.entity.EntityId;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EntitySnapshot;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The invariant checker finds each kind of broken guarantee, and nothing in a sound hub. */
class InvariantsTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private final Vertx vertx = Vertx.vertx();
  private TaskHubStore hub;

  @BeforeEach
  void open() throws Exception {
    hub = await(MemoryBackend.create().open(vertx, "inv", 2));
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void instance(
      String id, RuntimeStatus rowStatus, String rowOutput, HistoryEvent... events)
      throws Exception {
    await(
        hub.instances()
            .update(
                new InstanceRecord(
                    id, "o", null, "x1", rowStatus, null, rowOutput, null, null, T, T, null, null),
                null));
    List<HistoryEvent> history = new ArrayList<>();
    history.add(new HistoryEvent.ExecutionStarted(T, "o", null, null, "x1", null, -1, null));
    history.addAll(List.of(events));
    await(hub.history().append(id, null, history));
  }

  private static HistoryEvent scheduled(int id) {
    return new HistoryEvent.TaskScheduled(T, id, "a", null);
  }

  private static HistoryEvent completed(int id) {
    return new HistoryEvent.TaskCompleted(T, id, "1");
  }

  private static HistoryEvent end(String result) {
    return new HistoryEvent.ExecutionCompleted(T, RuntimeStatus.COMPLETED, result, null);
  }

  private Map<String, List<String>> violations(Invariants invariants, long parked) {
    return invariants.violations(() -> parked, () -> 0);
  }

  @Test
  void aSoundHubHasNoViolation() throws Exception {
    instance("ok", RuntimeStatus.COMPLETED, "5", scheduled(0), completed(0), end("5"));
    instance("running", RuntimeStatus.RUNNING, null, scheduled(0));
    var invariants = new Invariants(hub).expect("ok", RuntimeStatus.COMPLETED, "5");
    assertEquals(Map.of(), violations(invariants, 0));
    assertTrue(new Invariants(hub).expect("ok", RuntimeStatus.COMPLETED, null).allFinished());
  }

  @Test
  void eachBrokenGuaranteeIsNamedWithItsInstance() throws Exception {
    instance(
        "twice", RuntimeStatus.COMPLETED, "5", scheduled(0), completed(0), completed(0), end("5"));
    instance("stale-row", RuntimeStatus.RUNNING, null, scheduled(0), completed(0), end("5"));
    instance("wrong-output", RuntimeStatus.COMPLETED, "6", scheduled(0), completed(0), end("6"));
    var raised = new HistoryEvent.EventRaised(T, "go", null, "m1");
    instance("event-twice", RuntimeStatus.RUNNING, null, raised, raised);
    instance("stray", RuntimeStatus.RUNNING, null, completed(3));
    var invariants =
        new Invariants(hub)
            .expect("stale-row", RuntimeStatus.COMPLETED, "5")
            .expect("wrong-output", RuntimeStatus.COMPLETED, "5")
            .expect("missing", RuntimeStatus.COMPLETED, null);
    Map<String, List<String>> found = violations(invariants, 0);
    assertEquals(List.of("#0 completed twice (TaskCompleted)"), found.get("twice"));
    assertTrue(found.get("stale-row").contains("row says RUNNING, history says COMPLETED"));
    assertTrue(found.get("stale-row").contains("status RUNNING, expected COMPLETED"));
    assertEquals(List.of("output 6, expected 5"), found.get("wrong-output"));
    assertEquals(List.of("event 'go' message m1 raised twice"), found.get("event-twice"));
    assertEquals(List.of("#3 completed but never scheduled"), found.get("stray"));
    assertEquals(List.of("no status row"), found.get("missing"));
    var error =
        assertThrows(
            AssertionError.class,
            () -> invariants.assertHold(null, () -> 0, () -> 0, Duration.ZERO));
    assertTrue(error.getMessage().contains("- twice: #0 completed twice"), error.getMessage());
  }

  @Test
  void anEntityLeftLockedOrWithAnotherStateIsFound() throws Exception {
    EntityId id = EntityId.of("counter", "c");
    var lock = new EntitySnapshot.LockHolder("r1", "orch", "x1", List.of(id.instanceId()));
    var snapshot =
        new EntitySnapshot(
            T, "inc", T, T, "{\"value\":3}", lock, null, null, null, null, null, null, null, null);
    await(hub.history().append(id.instanceId(), null, List.of(snapshot)));
    String info = "{\"hasState\":true,\"lockedBy\":\"orch\"}";
    await(
        hub.instances()
            .update(
                new InstanceRecord(
                    id.instanceId(),
                    "counter",
                    null,
                    "inc",
                    RuntimeStatus.RUNNING,
                    null,
                    null,
                    info,
                    null,
                    T,
                    T,
                    null,
                    null),
                null));
    var found = violations(new Invariants(hub).expectEntity(id, "{\"value\":4}"), 0);
    assertEquals(
        List.of("left locked by " + lock, "state {\"value\":3}, expected {\"value\":4}"),
        found.get(id.instanceId()));
  }

  @Test
  void badExpectationsAreRefusedAtOnce() {
    assertThrows(NullPointerException.class, () -> new Invariants(null));
    var invariants = new Invariants(hub);
    assertThrows(
        NullPointerException.class, () -> invariants.expect(null, RuntimeStatus.COMPLETED, "1"));
    assertThrows(NullPointerException.class, () -> invariants.expect("i", null, "1"));
    assertThrows(
        DecodeException.class, () -> invariants.expect("i", RuntimeStatus.COMPLETED, "{not json"));
    assertThrows(
        DecodeException.class, () -> invariants.expectEntity(EntityId.of("c", "k"), "nope"));
    assertThrows(
        NullPointerException.class, () -> invariants.expectEntity(EntityId.of("c", "k"), null));
    assertEquals(Set.of(), invariants.expectedInstances(), "nothing refused was kept");
  }

  @Test
  void messagesLeftInQueuesAndPoisonAreFound() throws Exception {
    var message = new ControlMessage("i", null, new HistoryEvent.EventRaised(T, "e", null, "m"));
    await(hub.controlQueue(1).send(List.of(message), Duration.ZERO));
    assertEquals(
        List.of("1 control messages left, 0 parked"),
        violations(new Invariants(hub), 0).get("queues"));
    assertEquals(Map.of(), violations(new Invariants(hub), 1), "a parked message is allowed");
    var delivery = await(hub.controlQueue(1).receive(1, Duration.ofSeconds(30))).getFirst();
    await(hub.controlQueue(1).setAside(delivery, "keeps failing"));
    var found = violations(new Invariants(hub), 0);
    assertTrue(
        found.get("queues (poison)").getFirst().startsWith("keeps failing after 1"),
        found.toString());
  }
}
