package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.entity.EntityId;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EntitySnapshot;
import dev.baton.core.spi.InstanceFilter;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.Page;
import dev.baton.core.spi.SetAsideMessage;
import dev.baton.core.spi.StoredHistory;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The guarantees of DESIGN.md section 3, checked on a task hub read directly (not through a
 * fault-injecting wrapper) once a test's workload has settled: every expected instance reached its
 * expected end with the right output; no result, timer, event or entity answer was applied twice in
 * a history; every status row agrees with its history; no entity is left locked; the queues hold
 * nothing but what is legitimately parked; nothing was set aside as poison.
 *
 * <pre>{@code
 * new Invariants(hub)
 *     .expect("chain-1", RuntimeStatus.COMPLETED, "6")
 *     .expectEntity(EntityId.of("counter", "c"), "{\"value\":12}")
 *     .assertHold(client, faults::parkedControl, faults::parkedWork, Duration.ofSeconds(20));
 * }</pre>
 */
public final class Invariants {

  private record Expected(RuntimeStatus status, String output) {}

  private final TaskHubStore hub;
  private final Map<String, Expected> instances = new LinkedHashMap<>();
  private final Map<String, String> entities = new LinkedHashMap<>();

  /** Checks {@code hub}, which must be opened on the plain backend, not on a faulty wrapper. */
  public Invariants(TaskHubStore hub) {
    this.hub = Objects.requireNonNull(hub, "hub");
  }

  /** {@code instanceId} must end as {@code status} with {@code outputJson} (null: any output). */
  public Invariants expect(String instanceId, RuntimeStatus status, String outputJson) {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(status, "status");
    if (outputJson != null) {
      Json.decodeValue(outputJson); // refuses what is not JSON now, not at the check
    }
    instances.put(instanceId, new Expected(status, outputJson));
    return this;
  }

  /** {@code id}'s state must be {@code stateJson} (compared as JSON values). */
  public Invariants expectEntity(EntityId id, String stateJson) {
    Json.decodeValue(Objects.requireNonNull(stateJson, "stateJson"));
    entities.put(id.instanceId(), stateJson);
    return this;
  }

  /** The instance ids expected to finish. */
  public Set<String> expectedInstances() {
    return instances.keySet();
  }

  /** Whether every expected instance's row says it finished. */
  public boolean allFinished() {
    return unfinished().isEmpty();
  }

  /** The expected instances whose rows do not say they finished. */
  public List<String> unfinished() {
    List<String> out = new ArrayList<>();
    for (String id : instances.keySet()) {
      var row = await(hub.instances().get(id));
      if (row == null || !row.value().status().isFinished()) {
        out.add(id);
      }
    }
    return out;
  }

  /**
   * Polls until every invariant holds, {@code within} at most; then fails with every violation, the
   * instance it concerns, and (through {@code client}) what those instances are doing.
   */
  public void assertHold(
      DurableClient client, LongSupplier parkedControl, LongSupplier parkedWork, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    Map<String, List<String>> violations = violations(parkedControl, parkedWork);
    while (!violations.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      violations = violations(parkedControl, parkedWork);
    }
    if (violations.isEmpty()) {
      return;
    }
    StringBuilder out = new StringBuilder("invariants broken in hub " + hub.name() + ":");
    int described = 0;
    for (var e : violations.entrySet()) {
      out.append("\n- ").append(e.getKey()).append(": ").append(String.join("; ", e.getValue()));
      if (!e.getKey().startsWith("queue") && described++ < 5) {
        out.append("\n  ").append(EngineFixture.describe(client, e.getKey()).replace("\n", "\n  "));
      }
    }
    throw new AssertionError(out.toString());
  }

  /** One pass over the hub: per instance id (or queue), what is wrong; empty when all holds. */
  public Map<String, List<String>> violations(LongSupplier parkedControl, LongSupplier parkedWork) {
    Map<String, InstanceRecord> rows = rows();
    Map<String, List<String>> out = notAsExpected(rows);
    for (InstanceRecord row : rows.values()) {
      StoredHistory history = await(hub.history().load(row.instanceId()));
      List<String> problems =
          row.instanceId().startsWith("@")
              ? entityProblems(row, history, entities.get(row.instanceId()))
              : orchestrationProblems(row, history);
      problems.forEach(p -> add(out, row.instanceId(), p));
    }
    entities.keySet().stream()
        .filter(id -> !rows.containsKey(id))
        .forEach(id -> add(out, id, "no entity row"));
    queueProblems(out, parkedControl, parkedWork);
    return out;
  }

  /**
   * The expected instances that did not end as expected (no row, another status, another output),
   * each with what its row says instead.
   */
  public Map<String, List<String>> notAsExpected() {
    return notAsExpected(rows());
  }

  private Map<String, List<String>> notAsExpected(Map<String, InstanceRecord> rows) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    instances.forEach(
        (id, expected) -> {
          InstanceRecord row = rows.get(id);
          if (row == null) {
            add(out, id, "no status row");
          } else if (row.status() != expected.status()) {
            add(out, id, "status " + row.status() + ", expected " + expected.status());
          } else if (expected.output() != null && !sameJson(expected.output(), row.output())) {
            add(out, id, "output " + row.output() + ", expected " + expected.output());
          }
        });
    return out;
  }

  private Map<String, InstanceRecord> rows() {
    Map<String, InstanceRecord> rows = new LinkedHashMap<>();
    String continuation = null;
    do {
      Page<InstanceRecord> page =
          await(hub.instances().query(InstanceFilter.ALL, 500, continuation));
      page.items().forEach(r -> rows.put(r.instanceId(), r));
      continuation = page.continuation();
    } while (continuation != null);
    return rows;
  }

  /** What is wrong with an orchestration's history and its agreement with the row. */
  static List<String> orchestrationProblems(InstanceRecord row, StoredHistory history) {
    List<String> problems = new ArrayList<>(duplicates(history.events()));
    HistoryEvent.ExecutionStarted started = null;
    HistoryEvent end = null;
    boolean suspended = false;
    for (HistoryEvent e : history.events()) {
      switch (e) {
        case HistoryEvent.ExecutionStarted s -> started = s;
        case HistoryEvent.ExecutionCompleted c -> end = c;
        case HistoryEvent.ExecutionTerminated t -> end = t;
        case HistoryEvent.ExecutionSuspended s -> suspended = true;
        case HistoryEvent.ExecutionResumed r -> suspended = false;
        default -> {}
      }
    }
    if (started == null) {
      if (row.status() != RuntimeStatus.PENDING) {
        problems.add("row says " + row.status() + " but there is no history");
      }
      return problems;
    }
    RuntimeStatus fromHistory =
        switch (end) {
          case HistoryEvent.ExecutionCompleted c -> c.status();
          case HistoryEvent.ExecutionTerminated t -> RuntimeStatus.TERMINATED;
          case null -> suspended ? RuntimeStatus.SUSPENDED : RuntimeStatus.RUNNING;
          default -> throw new IllegalStateException(String.valueOf(end));
        };
    if (row.status() != fromHistory) {
      problems.add("row says " + row.status() + ", history says " + fromHistory);
    } else if (end instanceof HistoryEvent.ExecutionCompleted c
        && c.status() == RuntimeStatus.COMPLETED
        && !sameJson(c.result(), row.output())) {
      problems.add("row output " + row.output() + ", history's " + c.result());
    }
    if (!started.executionId().equals(row.executionId())) {
      problems.add("row's execution " + row.executionId() + ", history's " + started.executionId());
    }
    return problems;
  }

  /**
   * Events applied twice: per sequence number at most one scheduling and one completion (and a
   * completion only for something scheduled), raised events with distinct message ids, one start
   * and at most one end.
   */
  public static List<String> duplicates(List<HistoryEvent> events) {
    List<String> problems = new ArrayList<>();
    Map<Integer, Integer> scheduled = new HashMap<>();
    Map<Integer, Integer> completed = new HashMap<>();
    Set<String> messageIds = new HashSet<>();
    Set<String> twice = new LinkedHashSet<>();
    int starts = 0;
    int ends = 0;
    for (HistoryEvent e : events) {
      Integer scheduling = scheduledId(e);
      Integer completion = completedId(e);
      if (scheduling != null && scheduled.merge(scheduling, 1, Integer::sum) > 1) {
        twice.add("#" + scheduling + " scheduled twice");
      }
      if (completion != null) {
        if (completed.merge(completion, 1, Integer::sum) > 1) {
          twice.add("#" + completion + " completed twice (" + e.getClass().getSimpleName() + ")");
        }
        if (!scheduled.containsKey(completion)) {
          twice.add("#" + completion + " completed but never scheduled");
        }
      }
      switch (e) {
        case HistoryEvent.EventRaised r
            when r.messageId() != null && !messageIds.add(r.messageId()) ->
            twice.add("event '" + r.name() + "' message " + r.messageId() + " raised twice");
        case HistoryEvent.ExecutionStarted s -> starts++;
        case HistoryEvent.ExecutionCompleted c -> ends++;
        case HistoryEvent.ExecutionTerminated t -> ends++;
        default -> {}
      }
    }
    problems.addAll(twice);
    if (starts != 1) {
      problems.add(starts + " ExecutionStarted events");
    }
    if (ends > 1) {
      problems.add(ends + " ends (ExecutionCompleted/Terminated)");
    }
    return problems;
  }

  private static Integer scheduledId(HistoryEvent e) {
    return switch (e) {
      case HistoryEvent.TaskScheduled s -> s.taskId();
      case HistoryEvent.TimerCreated t -> t.taskId();
      case HistoryEvent.SubOrchestrationScheduled s -> s.taskId();
      case HistoryEvent.EventSent s -> s.taskId();
      case HistoryEvent.EntityOperationRequested r when r.taskId() >= 0 -> r.taskId();
      case HistoryEvent.EntityLockRequested r -> r.taskId();
      case HistoryEvent.EntityLockReleased r when r.taskId() >= 0 -> r.taskId();
      default -> null;
    };
  }

  private static Integer completedId(HistoryEvent e) {
    return switch (e) {
      case HistoryEvent.TaskCompleted c -> c.taskId();
      case HistoryEvent.TaskFailed f -> f.taskId();
      case HistoryEvent.TimerFired t -> t.taskId();
      case HistoryEvent.SubOrchestrationCompleted c -> c.taskId();
      case HistoryEvent.SubOrchestrationFailed f -> f.taskId();
      case HistoryEvent.EntityOperationCompleted c -> c.taskId();
      case HistoryEvent.EntityOperationFailed f -> f.taskId();
      case HistoryEvent.EntityLockGranted g -> g.taskId();
      default -> null;
    };
  }

  /** An entity: one snapshot, no lock held nor request waiting for one, a row that agrees. */
  static List<String> entityProblems(InstanceRecord row, StoredHistory history, String state) {
    List<String> problems = new ArrayList<>();
    if (history.events().size() != 1
        || !(history.events().getFirst() instanceof EntitySnapshot snapshot)) {
      if (state != null || !history.events().isEmpty()) {
        problems.add("history is not one snapshot: " + history.events());
      }
      return problems;
    }
    if (snapshot.lock() != null) {
      problems.add("left locked by " + snapshot.lock());
    }
    if (!snapshot.queue().isEmpty()) {
      problems.add(snapshot.queue().size() + " requests still wait for the lock");
    }
    if (state != null && !sameJson(state, snapshot.state())) {
      problems.add("state " + snapshot.state() + ", expected " + state);
    }
    JsonObject info =
        row.customStatus() == null ? new JsonObject() : new JsonObject(row.customStatus());
    if (!Objects.equals(
        info.getString("lockedBy"),
        snapshot.lock() == null ? null : snapshot.lock().instanceId())) {
      problems.add("row says locked by " + info.getString("lockedBy") + ", snapshot does not");
    }
    if (info.getBoolean("hasState", false) != (snapshot.state() != null)) {
      problems.add("row's hasState disagrees with the snapshot");
    }
    Instant last =
        snapshot.lastOperationAt() == null ? snapshot.createdAt() : snapshot.lastOperationAt();
    if (!row.lastUpdatedAt().equals(last)) {
      problems.add("row's last operation " + row.lastUpdatedAt() + ", the snapshot's " + last);
    }
    return problems;
  }

  private void queueProblems(
      Map<String, List<String>> out, LongSupplier parkedControl, LongSupplier parkedWork) {
    long parked = parkedControl.getAsLong(); // first: a message is stored before it counts
    long work = parkedWork.getAsLong();
    long queued = 0;
    List<String> poison = new ArrayList<>();
    for (int p = 0; p < hub.partitionCount(); p++) {
      queued += await(hub.controlQueue(p).approximateCount());
      for (SetAsideMessage<?> m : await(hub.controlQueue(p).setAsideMessages(20))) {
        poison.add(describe(m));
      }
    }
    long workQueued = await(hub.workItemQueue().approximateCount());
    for (SetAsideMessage<?> m : await(hub.workItemQueue().setAsideMessages(20))) {
      poison.add(describe(m));
    }
    if (queued != parked) {
      add(out, "queues", queued + " control messages left, " + parked + " parked");
    }
    if (workQueued != work) {
      add(out, "queues", workQueued + " work items left, " + work + " parked");
    }
    if (!poison.isEmpty()) {
      add(out, "queues (poison)", String.join(" | ", poison));
    }
  }

  private static String describe(SetAsideMessage<?> m) {
    return m.reason() + " after " + m.dequeueCount() + " deliveries: " + m.message();
  }

  private static boolean sameJson(String a, String b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(Json.decodeValue(a), Json.decodeValue(b));
  }

  private static void add(Map<String, List<String>> out, String key, String problem) {
    out.computeIfAbsent(key, k -> new ArrayList<>()).add(problem);
  }
}
