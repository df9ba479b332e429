package dev.baton.core.impl.entity;

import dev.baton.core.BatonException;
import dev.baton.core.DataConverter;
import dev.baton.core.ErrorCode;
import dev.baton.core.FailureDetails;
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
import dev.baton.core.history.HistoryEvent.EntitySnapshot.LockHolder;
import dev.baton.core.history.HistoryEvent.EntitySnapshot.Outgoing;
import dev.baton.core.history.HistoryEvent.EntitySnapshot.Sent;
import dev.baton.core.history.HistoryEvent.EntityWakeUp;
import dev.baton.core.impl.InstanceIds;
import dev.baton.core.impl.LogSafe;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One episode of an entity: the messages of a batch applied to its snapshot. Requests pass the
 * {@link EntityInbox} (order, duplicates), then wait for their scheduled time, then for any
 * critical section that holds the entity, then run. The result is the new snapshot, whose outbox
 * holds the messages to send after it is committed.
 *
 * <p>Pure apart from the user's operation code: no clock, no I/O. Runs on one thread.
 */
final class EntityBatch {

  private static final System.Logger LOG = System.getLogger(EntityBatch.class.getName());

  /**
   * What a batch needs from its engine.
   *
   * @param converter reads and writes inputs, results and state
   * @param entities the registered entity of a name, or {@code null}
   * @param orchestrators whether an orchestrator name is registered
   * @param reorderWindow how long a request waits for an earlier one from its sender
   * @param spans begins each operation's span
   */
  record Env(
      DataConverter converter,
      Function<String, Entity> entities,
      Predicate<String> orchestrators,
      Duration reorderWindow,
      OperationSpans spans) {
    Env(
        DataConverter converter,
        Function<String, Entity> entities,
        Predicate<String> orchestrators,
        Duration reorderWindow) {
      this(converter, entities, orchestrators, reorderWindow, OperationSpans.NONE);
    }
  }

  /**
   * What a batch did.
   *
   * @param snapshot the entity's snapshot after it, or {@code null} when it has none
   * @param changed whether the snapshot must be written
   * @param remove whether the entity's storage is to be removed (a clean-up found it empty)
   * @param keep whether a clean-up asked for and the entity was kept (its row is rewritten, so the
   *     client that asked sees the answer)
   * @param operations how many operations ran
   * @param lockWaits how many requests were queued behind another holder's lock
   * @param inbox the inbox after the batch, which says what {@code snapshot} says of its senders
   *     and waiting requests: the next batch may go on with it once {@code snapshot} is committed
   */
  record Result(
      EntitySnapshot snapshot,
      boolean changed,
      boolean remove,
      boolean keep,
      int operations,
      int lockWaits,
      EntityInbox inbox) {}

  private final Env env;
  private final EntityId id;
  private final String instanceId;
  private final Entity entity;
  private final Instant now;

  /** The new snapshot's timestamp: never before the previous one's, whatever the clocks say. */
  private final Instant written;

  private final String incarnation;
  private final Instant createdAt;
  private Instant lastOperationAt;
  private String state;
  private LockHolder lock;
  private final List<HistoryEvent> queue;
  private final List<Outgoing> outbox;
  private final EntityInbox inbox;
  private final List<EntityOperationRequested> scheduled;
  private final Map<String, Sent> sent;
  private Instant wakeAt;
  private boolean changed;
  private boolean cleanup;
  private int operations;
  private int lockWaits;

  private Object cachedState;

  /**
   * The state when it is an immutable value (a boxed number, a string): then {@link #state} is
   * stale until {@link #stateJson} writes it. Such a value cannot change in place, so it needs no
   * JSON copy after each operation to roll back to; it is written once per batch.
   */
  private Object immutableState;

  private static final Set<Class<?>> IMMUTABLE =
      Set.of(
          String.class,
          Long.class,
          Integer.class,
          Short.class,
          Byte.class,
          Double.class,
          Float.class,
          Boolean.class,
          Character.class,
          BigDecimal.class,
          BigInteger.class);

  /**
   * @param previous the snapshot before this batch, or {@code null} for a new entity
   * @param unsent messages of {@code previous}'s outbox not known to be sent, sent again
   */
  EntityBatch(Env env, EntityId id, EntitySnapshot previous, List<Outgoing> unsent, Instant now) {
    this(env, id, previous, unsent, now, null);
  }

  /**
   * @param kept the inbox the last batch left, when {@code previous} is the snapshot that batch
   *     committed (so the inbox says the same of its senders and waiting requests); {@code null}
   *     reads the inbox from {@code previous}
   */
  EntityBatch(
      Env env,
      EntityId id,
      EntitySnapshot previous,
      List<Outgoing> unsent,
      Instant now,
      EntityInbox kept) {
    this.env = env;
    this.id = id;
    this.instanceId = id.instanceId();
    this.entity = env.entities().apply(id.name());
    this.now = now;
    EntitySnapshot p = previous;
    if (p == null) {
      p =
          new EntitySnapshot(
              now,
              InstanceIds.uuid(),
              now,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null);
    }
    written = EntityRows.nextTimestamp(previous, now);
    incarnation = p.incarnation();
    createdAt = p.createdAt();
    lastOperationAt = p.lastOperationAt();
    state = p.state();
    lock = p.lock();
    queue = new ArrayList<>(p.queue());
    outbox = new ArrayList<>(unsent);
    if (kept != null && previous != null) {
      kept.beginBatch();
      inbox = kept;
    } else {
      inbox = new EntityInbox(p.senders(), p.waiting(), p.senderHorizon(), env.reorderWindow());
    }
    scheduled = new ArrayList<>(p.scheduled());
    sent = new HashMap<>(p.sent());
    wakeAt = p.wakeAt();
  }

  EntityId id() {
    return id;
  }

  DataConverter converter() {
    return env.converter();
  }

  String stateJson() {
    if (immutableState != null) {
      state = env.converter().serialize(immutableState);
      immutableState = null;
    }
    return state;
  }

  /** Whether the entity has state after the operations so far. */
  boolean hasCommittedState() {
    return immutableState != null || state != null;
  }

  /** The state object of the last successful operation, when it is a {@code type}. */
  <T> T cachedState(Class<T> type) {
    return type.isInstance(cachedState) ? type.cast(cachedState) : null;
  }

  /** This entity's name as a sender. */
  private String source() {
    return instanceId + "#" + incarnation;
  }

  /** Applies {@code messages}, in order, and returns what changed. */
  Result run(List<HistoryEvent> messages) {
    for (HistoryEvent e : messages) {
      switch (e) {
        case EntityOperationRequested r -> inbox.accept(r, now, this::admit);
        case EntityLockRequested r -> inbox.accept(r, now, this::admit);
        case EntityLockReleased r -> release(r.lockRequestId());
        case EntityWakeUp w -> {
          if (wakeAt != null && wakeAt.isAfter(now)) {
            wakeAt = null; // early: a long delay was cut to what one message carries
          }
        }
        case EntityCleanupRequested c -> cleanup = true;
        default ->
            LOG.log(
                System.Logger.Level.WARNING,
                "entity '"
                    + LogSafe.text(instanceId)
                    + "' dropped a "
                    + e.getClass().getSimpleName()
                    + ": entities take only entity messages");
      }
    }
    inbox.expire(now, this::admit);
    runDueScheduled();
    inbox.prune(now);
    armWakeUp();
    changed |= inbox.changed();
    // Empty, and quiet long enough that no sender waits on its numbering when it comes back.
    boolean removable =
        !hasCommittedState()
            && lock == null
            && queue.isEmpty()
            && !inbox.hasWaiting()
            && scheduled.isEmpty()
            && outbox.isEmpty()
            && inbox.allSilentSince(now);
    return new Result(
        snapshot(),
        changed,
        cleanup && removable,
        cleanup && !removable,
        operations,
        lockWaits,
        inbox);
  }

  private EntitySnapshot snapshot() {
    return new EntitySnapshot(
        written,
        incarnation,
        createdAt,
        lastOperationAt,
        stateJson(),
        lock,
        queue,
        outbox,
        inbox.senders(),
        inbox.waiting(),
        inbox.horizon(),
        scheduled,
        sent,
        wakeAt);
  }

  // ---- scheduling ----------------------------------------------------------------------------

  /** A request the inbox let through: it runs now, later (scheduled), or after a lock. */
  private void admit(HistoryEvent request) {
    changed = true;
    if (request instanceof EntityOperationRequested op
        && op.scheduledTime() != null
        && op.scheduledTime().isAfter(now)) {
      scheduled.add(op);
      return;
    }
    offer(request);
  }

  private void offer(HistoryEvent request) {
    if (lock != null && !fromLockHolder(request)) {
      lockWaits++;
      queue.add(request);
      return;
    }
    switch (request) {
      case EntityLockRequested l -> lock(l);
      case EntityOperationRequested op -> runOperation(op);
      default -> throw new IllegalStateException("not a request: " + request);
    }
  }

  private boolean fromLockHolder(HistoryEvent request) {
    return request instanceof EntityOperationRequested op
        && lock.instanceId().equals(op.parentInstanceId())
        && Objects.equals(lock.executionId(), op.parentExecutionId());
  }

  private void lock(EntityLockRequested l) {
    lock = new LockHolder(l.requestId(), l.parentInstanceId(), l.parentExecutionId(), l.lockSet());
    int next = l.position() + 1;
    if (next < l.lockSet().size()) {
      String target = l.lockSet().get(next);
      Sent previous = sent.get(target);
      var forward =
          new EntityLockRequested(
              now,
              l.lockSet(),
              next,
              l.requestId(),
              source(),
              nextSeq(target),
              previous == null ? null : previous.at(),
              l.parentInstanceId(),
              l.parentExecutionId(),
              l.taskId());
      outbox.add(new Outgoing(target, null, forward, null));
    } else {
      var granted = new EntityLockGranted(now, l.taskId(), l.requestId(), l.lockSet());
      outbox.add(new Outgoing(l.parentInstanceId(), l.parentExecutionId(), granted, null));
    }
  }

  private void release(String lockRequestId) {
    if (lock != null && lock.requestId().equals(lockRequestId)) {
      lock = null;
      changed = true;
      List<HistoryEvent> waitingForLock = new ArrayList<>(queue);
      queue.clear();
      for (HistoryEvent r : waitingForLock) {
        offer(r);
      }
    } else if (queue.removeIf(
        r -> r instanceof EntityLockRequested l && l.requestId().equals(lockRequestId))) {
      changed = true; // the orchestration gave up before the lock reached it
    }
  }

  private void runDueScheduled() {
    if (scheduled.isEmpty()) {
      return;
    }
    List<EntityOperationRequested> due = new ArrayList<>();
    scheduled.removeIf(
        op -> {
          if (!op.scheduledTime().isAfter(now)) {
            due.add(op);
            return true;
          }
          return false;
        });
    due.sort(Comparator.comparing(EntityOperationRequested::scheduledTime));
    for (EntityOperationRequested op : due) {
      changed = true;
      offer(op);
    }
  }

  /**
   * Asks for a wake-up when scheduled work falls due or a gap expires, unless one is on its way.
   */
  private void armWakeUp() {
    Instant next = inbox.nextExpiry();
    for (EntityOperationRequested op : scheduled) {
      if (next == null || op.scheduledTime().isBefore(next)) {
        next = op.scheduledTime();
      }
    }
    if (next == null) {
      return;
    }
    if (wakeAt == null || !wakeAt.isAfter(now) || next.isBefore(wakeAt)) {
      wakeAt = next;
      changed = true;
      outbox.add(new Outgoing(instanceId, null, new EntityWakeUp(now), next));
    }
  }

  /** Numbers the next message to {@code target}, sent now. */
  private long nextSeq(String target) {
    Sent previous = sent.get(target);
    long seq = previous == null ? 1 : previous.seq() + 1;
    sent.put(target, new Sent(seq, now));
    return seq;
  }

  // ---- operations ----------------------------------------------------------------------------

  private void runOperation(EntityOperationRequested request) {
    operations++;
    lastOperationAt = now;
    var ctx = new OperationContext(this, request, now);
    OperationSpans.Running span = env.spans().start(id.instanceId(), request);
    Throwable failure = null;
    String result = null;
    Object after = null;
    String afterJson = null;
    try {
      if (entity == null) {
        throw unknownEntity(id.name());
      }
      Object value = entity.run(ctx);
      result = isCall(request) ? env.converter().serialize(value) : null; // signals drop it
      after = ctx.stateObject();
      if (after != null && !IMMUTABLE.contains(after.getClass())) {
        afterJson = env.converter().serialize(after); // an object that may change in place
      }
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable t) {
      failure = t;
    }
    if (span != null) {
      span.end(failure);
    }
    if (failure == null) {
      if (ctx.deletedState()) {
        state = null;
        immutableState = null;
        cachedState = null;
      } else if (afterJson != null) {
        state = afterJson;
        immutableState = null;
        cachedState = after;
      } else if (after != null) {
        immutableState = after;
        cachedState = after;
      }
      for (OperationContext.Send s : ctx.sends()) {
        outbox.add(outgoing(s, span != null ? span.traceParent() : request.traceParent()));
      }
      reply(request, new EntityOperationCompleted(now, request.taskId(), result));
      return;
    }
    cachedState = null; // the operation may have changed it in place
    FailureDetails details = FailureDetails.from(failure);
    if (isCall(request)) {
      reply(request, new EntityOperationFailed(now, request.taskId(), details));
    } else {
      LOG.log(
          System.Logger.Level.WARNING,
          "entity '"
              + LogSafe.text(instanceId)
              + "' operation '"
              + LogSafe.text(request.operation())
              + "' (a signal) failed; its state change was rolled back: "
              + LogSafe.text(details),
          LogSafe.thrown(failure));
    }
  }

  private static boolean isCall(EntityOperationRequested r) {
    return !r.signal() && r.parentInstanceId() != null;
  }

  private void reply(EntityOperationRequested request, HistoryEvent answer) {
    if (isCall(request)) {
      outbox.add(
          new Outgoing(request.parentInstanceId(), request.parentExecutionId(), answer, null));
    }
  }

  /** A send of the running operation, under {@code traceParent}: the operation's span's. */
  private Outgoing outgoing(OperationContext.Send send, String traceParent) {
    return switch (send) {
      case OperationContext.Signal s -> {
        Sent previous = sent.get(s.target());
        long seq = nextSeq(s.target());
        var request =
            new EntityOperationRequested(
                now,
                s.target(),
                s.operation(),
                s.input(),
                source() + ">" + s.target() + ":" + seq,
                source(),
                seq,
                previous == null ? null : previous.at(),
                null,
                null,
                -1,
                true,
                s.at(),
                traceParent);
        yield new Outgoing(s.target(), null, request, null);
      }
      case OperationContext.Start s ->
          new Outgoing(
              s.instanceId(),
              s.started().executionId(),
              s.started().traceParent() == null
                  ? s.started().withTraceParent(traceParent)
                  : s.started(),
              null);
    };
  }

  void checkEntityKnown(EntityId target) {
    if (env.entities().apply(target.name()) == null) {
      throw unknownEntity(target.name());
    }
  }

  void checkOrchestratorKnown(String name) {
    if (name == null || !env.orchestrators().test(name)) {
      throw new BatonException(
          ErrorCode.UNKNOWN_ORCHESTRATOR,
          "unknown orchestrator '"
              + name
              + "': register it with addOrchestrator(\""
              + name
              + "\", ...)");
    }
  }

  static BatonException unknownEntity(String name) {
    return new BatonException(
        ErrorCode.UNKNOWN_ENTITY,
        "unknown entity '" + name + "': register it with addEntity(\"" + name + "\", ...)");
  }
}
