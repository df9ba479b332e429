package dev.baton.core.impl.replay;

import dev.baton.core.BatonException;
import dev.baton.core.DataConverter;
import dev.baton.core.ErrorCode;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityLock;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EntityLockReleased;
import dev.baton.core.history.HistoryEvent.EntityLockRequested;
import dev.baton.core.history.HistoryEvent.EntityOperationCompleted;
import dev.baton.core.history.HistoryEvent.EntityOperationFailed;
import dev.baton.core.history.HistoryEvent.EntityOperationRequested;
import dev.baton.core.impl.entity.EntityRouting;
import dev.baton.core.orchestration.Task;
import dev.baton.core.orchestration.TaskFailedException;
import dev.baton.core.orchestration.TaskOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An execution's dealings with entities: signals, calls and its critical section. Each is an action
 * with a sequence number, matched against history on replay like an activity call. Messages to one
 * entity are numbered 1, 2, 3... on the execution's channel, so the entity applies them once each
 * and in order; the numbers are derived from the code's calls, so a replay finds the same ones.
 *
 * <p>Critical section life cycle: none {@code ->} acquiring (request sent) {@code ->} held (grant
 * received) {@code ->} none (closed); the engine releases it if the execution ends first. Used only
 * from the execution's thread.
 */
final class EntityCalls {

  private final ExecutionContext ctx;
  private final DataConverter converter;
  private final Map<String, Long> seqs = new HashMap<>();
  private final Map<String, Instant> lastSent = new HashMap<>();
  private Section section;

  EntityCalls(ExecutionContext ctx, DataConverter converter) {
    this.ctx = ctx;
    this.converter = converter;
  }

  void signal(EntityId entity, String operation, Object input, Instant at) {
    check(entity, operation);
    if (section != null && section.holds(entity)) {
      throw violation(
          "cannot signal " + entity + " inside a critical section that holds it; call it instead");
    }
    request(entity, operation, converter.serialize(input), true, at);
  }

  <T> Task<T> call(
      EntityId entity,
      String operation,
      Object input,
      Class<T> resultType,
      TaskOptions options,
      DurableCalls calls) {
    check(entity, operation);
    if (section != null && !section.holds(entity)) {
      throw violation(
          "cannot call "
              + entity
              + " inside a critical section over "
              + section.entities
              + "; only the locked entities may be called");
    }
    String json = converter.serialize(input);
    return calls.withOptions(
        () -> callOnce(entity, operation, json, resultType),
        options,
        "entity operation",
        operation + " on " + entity);
  }

  private <T> TaskImpl<T> callOnce(
      EntityId entity, String operation, String inputJson, Class<T> resultType) {
    int taskId = request(entity, operation, inputJson, false, null);
    var task = new TaskImpl<T>(ctx);
    ctx.expect(
        taskId,
        e -> {
          if (e instanceof EntityOperationCompleted c) {
            if (resultType == Void.class) {
              task.complete(null);
              return;
            }
            try {
              task.complete(converter.deserialize(c.result(), resultType));
            } catch (RuntimeException bad) {
              task.fail(bad);
            }
          } else if (e instanceof EntityOperationFailed f) {
            task.fail(new TaskFailedException(operation + " on " + entity, taskId, f.failure()));
          }
        });
    return task;
  }

  private int request(EntityId entity, String operation, String json, boolean signal, Instant at) {
    int taskId = ctx.allocateTaskId();
    String target = entity.instanceId();
    ctx.recordAction(
        new EntityOperationRequested(
            ctx.now(),
            target,
            operation,
            json,
            requestId(taskId),
            source(),
            nextSeq(target),
            lastSent.put(target, ctx.now()),
            ctx.instanceId(),
            ctx.executionId(),
            taskId,
            signal,
            at));
    return taskId;
  }

  EntityLock lock(EntityId... entities) {
    if (section != null) {
      throw violation(
          "cannot lock entities inside a critical section over "
              + section.entities
              + "; critical sections do not nest: lock every entity needed at once");
    }
    if (entities == null || entities.length == 0) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "lockEntities needs at least one entity id");
    }
    Map<String, EntityId> sorted = new TreeMap<>();
    for (EntityId id : entities) {
      if (id == null) {
        throw new BatonException(ErrorCode.INVALID_ENTITY_ID, "lockEntities got a null entity id");
      }
      sorted.put(id.instanceId(), id);
    }
    List<String> lockSet = List.copyOf(sorted.keySet());
    int taskId = ctx.allocateTaskId();
    String requestId = requestId(taskId);
    ctx.recordAction(
        new EntityLockRequested(
            ctx.now(),
            lockSet,
            0,
            requestId,
            source(),
            nextSeq(lockSet.getFirst()),
            lastSent.put(lockSet.getFirst(), ctx.now()),
            ctx.instanceId(),
            ctx.executionId(),
            taskId));
    var acquiring = new Section(List.copyOf(sorted.values()), lockSet, requestId);
    section = acquiring;
    var granted = new TaskImpl<Void>(ctx);
    ctx.expect(taskId, e -> granted.complete(null));
    granted.await();
    acquiring.held = true;
    return acquiring;
  }

  boolean inCriticalSection() {
    return section != null;
  }

  /** Refuses {@code what} inside a critical section. */
  void checkNoCriticalSection(String what) {
    if (section != null) {
      throw violation("cannot " + what + " inside a critical section over " + section.entities);
    }
  }

  private void release(Section s) {
    if (section != s || !s.held) {
      return;
    }
    int taskId = ctx.allocateTaskId();
    ctx.recordAction(new EntityLockReleased(ctx.now(), taskId, s.requestId, s.lockSet));
    s.held = false;
    section = null;
  }

  private String source() {
    return EntityRouting.orchestrationSource(ctx.instanceId(), ctx.executionId());
  }

  private String requestId(int taskId) {
    return ctx.executionId() + ":" + taskId;
  }

  private long nextSeq(String target) {
    return seqs.merge(target, 1L, Long::sum);
  }

  private static void check(EntityId entity, String operation) {
    if (entity == null) {
      throw new BatonException(ErrorCode.INVALID_ENTITY_ID, "an entity id must not be null");
    }
    if (operation == null || operation.isBlank()) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "an entity operation name must not be null or blank");
    }
  }

  private static BatonException violation(String message) {
    return new BatonException(ErrorCode.ENTITY_LOCK_VIOLATION, message);
  }

  /** Whether two entity actions are the same call (for replay). */
  static boolean sameCall(HistoryEvent past, HistoryEvent now) {
    return switch (past) {
      case EntityOperationRequested p ->
          now instanceof EntityOperationRequested n
              && p.target().equals(n.target())
              && p.operation().equals(n.operation())
              && p.signal() == n.signal();
      case EntityLockRequested p ->
          now instanceof EntityLockRequested n && p.lockSet().equals(n.lockSet());
      case EntityLockReleased p ->
          now instanceof EntityLockReleased n && p.lockSet().equals(n.lockSet());
      default -> false;
    };
  }

  /** An entity action as error messages name it. */
  static String describe(HistoryEvent e) {
    return switch (e) {
      case EntityOperationRequested r ->
          "EntityOperationRequested #"
              + r.taskId()
              + " ("
              + (r.signal() ? "signal" : "call")
              + " '"
              + r.operation()
              + "' on "
              + r.target()
              + ")";
      case EntityLockRequested r -> "EntityLockRequested #" + r.taskId() + " " + r.lockSet();
      case EntityLockReleased r -> "EntityLockReleased #" + r.taskId() + " " + r.lockSet();
      default -> e.getClass().getSimpleName();
    };
  }

  /** A critical section of this execution. */
  private final class Section implements EntityLock {
    private final List<EntityId> entities;
    private final List<String> lockSet;
    private final String requestId;
    private boolean held;

    Section(List<EntityId> entities, List<String> lockSet, String requestId) {
      this.entities = entities;
      this.lockSet = lockSet;
      this.requestId = requestId;
    }

    boolean holds(EntityId id) {
      return lockSet.contains(id.instanceId());
    }

    @Override
    public List<EntityId> entities() {
      return new ArrayList<>(entities);
    }

    @Override
    public boolean isHeld() {
      return held;
    }

    @Override
    public void close() {
      if (!held) {
        return;
      }
      try {
        ctx.checkCallerForEntities();
      } catch (ExecutionAbort abort) {
        return; // the code is unwinding; the engine does not need the release recorded
      }
      release(this);
    }

    @Override
    public String toString() {
      return "EntityLock" + entities;
    }
  }
}
