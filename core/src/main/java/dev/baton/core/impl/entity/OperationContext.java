package dev.baton.core.impl.entity;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.entity.EntityContext;
import dev.baton.core.entity.EntityId;
import dev.baton.core.history.HistoryEvent.EntityOperationRequested;
import dev.baton.core.history.HistoryEvent.ExecutionStarted;
import dev.baton.core.impl.InstanceIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The context of one entity operation. State changes stay here until the operation returns; the
 * batch then takes them ({@link #stateObject}, {@link #sends}) or, when it threw, drops them.
 */
final class OperationContext implements EntityContext {

  /** A message the operation asked for, sent only if it succeeds. */
  sealed interface Send {}

  /** A signal to an entity; its sequence number is given when the operation succeeds. */
  record Signal(String target, String operation, String input, Instant at) implements Send {}

  /** An orchestration start. */
  record Start(String instanceId, ExecutionStarted started) implements Send {}

  private final EntityBatch batch;
  private final EntityOperationRequested request;
  private final Instant now;
  private final List<Send> sends = new ArrayList<>(0);
  private Object working;
  private boolean deleted;

  OperationContext(EntityBatch batch, EntityOperationRequested request, Instant now) {
    this.batch = batch;
    this.request = request;
    this.now = now;
  }

  @Override
  public EntityId entityId() {
    return batch.id();
  }

  @Override
  public String operationName() {
    return request.operation();
  }

  @Override
  public <T> T input(Class<T> type) {
    return batch.converter().deserialize(request.input(), type);
  }

  @Override
  public boolean hasState() {
    return !deleted && (working != null || batch.hasCommittedState());
  }

  @Override
  public <T> T state(Class<T> type) {
    if (deleted) {
      return null;
    }
    if (working != null) {
      if (type.isInstance(working)) {
        return type.cast(working);
      }
      T converted = batch.converter().deserialize(batch.converter().serialize(working), type);
      working = converted;
      return converted;
    }
    T value = batch.cachedState(type);
    if (value == null) {
      value = batch.converter().deserialize(batch.stateJson(), type);
    }
    working = value;
    return value;
  }

  @Override
  public <T> T state(Class<T> type, Supplier<T> initial) {
    T value = state(type);
    if (value == null) {
      value = initial.get();
      setState(value);
    }
    return value;
  }

  @Override
  public void setState(Object state) {
    if (state == null) {
      deleteState();
      return;
    }
    working = state;
    deleted = false;
  }

  @Override
  public void deleteState() {
    working = null;
    deleted = true;
  }

  @Override
  public void signalEntity(EntityId entity, String operation, Object input) {
    signalEntity(entity, operation, input, null);
  }

  @Override
  public void signalEntity(EntityId entity, String operation, Object input, Instant at) {
    if (entity == null) {
      throw new BatonException(ErrorCode.INVALID_ENTITY_ID, "signalEntity needs an entity id");
    }
    checkOperation(operation);
    batch.checkEntityKnown(entity);
    String json = batch.converter().serialize(input);
    sends.add(new Signal(entity.instanceId(), operation, json, at));
  }

  @Override
  public String startNewOrchestration(String name, Object input) {
    return startNewOrchestration(name, input, null);
  }

  @Override
  public String startNewOrchestration(String name, Object input, String instanceId) {
    batch.checkOrchestratorKnown(name);
    String id = instanceId == null ? InstanceIds.random() : InstanceIds.validate(instanceId);
    if (EntityRouting.isEntity(id)) {
      throw new BatonException(
          ErrorCode.INVALID_INSTANCE_ID,
          "instance id '" + id + "' starts with '@', which marks entities; choose another id");
    }
    String json = batch.converter().serialize(input);
    var started = new ExecutionStarted(now, name, null, json, InstanceIds.uuid(), null, -1, null);
    sends.add(new Start(id, started));
    return id;
  }

  static void checkOperation(String operation) {
    if (operation == null || operation.isBlank()) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "an entity operation name must not be null or blank");
    }
  }

  /**
   * As {@link #checkOperation}, but a client's signal may name the unnamed operation {@code ""}:
   * Durable Functions' HTTP API signals it when a request names none, and the entity sees {@code
   * ""} as the operation's name. Whitespace alone is still refused: it is a typing slip.
   */
  static void checkSignalOperation(String operation) {
    if (operation == null || (!operation.isEmpty() && operation.isBlank())) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT,
          "an entity operation name must not be null or whitespace (\"\" is the unnamed"
              + " operation)");
    }
  }

  /** The state object after the operation; {@code null} when deleted or not touched. */
  Object stateObject() {
    return deleted ? null : working;
  }

  /** Whether the operation deleted the state. */
  boolean deletedState() {
    return deleted;
  }

  List<Send> sends() {
    return sends;
  }
}
