package dev.baton.core.entity;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * What an entity operation sees: the operation, its input, the entity's state, and the messages it
 * may send. State changes and messages take effect only when the operation returns normally; when
 * it throws they are dropped.
 *
 * <pre>{@code
 * Entity cart = ctx -> {
 *   List<String> items = ctx.state(List.class, ArrayList::new);
 *   items.add(ctx.input(String.class));   // the list is the state: changes in place are kept
 *   if (items.size() == 10) {
 *     ctx.signalEntity(EntityId.of("stats", "carts"), "full", ctx.entityId().key());
 *   }
 *   return items.size();
 * };
 * }</pre>
 *
 * <p>A context is valid only during its operation, on the thread that runs it.
 */
public interface EntityContext {

  /** The entity this operation runs on. */
  EntityId entityId();

  /** The operation's name, as the sender gave it. */
  String operationName();

  /** The operation's input read as {@code type}; {@code null} when there was none. */
  <T> T input(Class<T> type);

  /** Whether the entity has state. */
  boolean hasState();

  /**
   * The state read as {@code type}, or {@code null} when there is none. The object returned is the
   * state of this operation: changes made to it in place are kept when the operation succeeds.
   */
  <T> T state(Class<T> type);

  /**
   * The state read as {@code type}; when there is none, {@code initial} becomes the state and is
   * returned.
   */
  <T> T state(Class<T> type, Supplier<T> initial);

  /** Replaces the state; {@code null} deletes it. */
  void setState(Object state);

  /** Deletes the state: the entity disappears from queries until it has state again. */
  void deleteState();

  /** Sends a one-way operation to an entity (this one included), delivered after this operation. */
  void signalEntity(EntityId entity, String operation, Object input);

  /** Sends a one-way operation to be run at {@code at} (at once when it is past). */
  void signalEntity(EntityId entity, String operation, Object input, Instant at);

  /** Starts an orchestration with a new random instance id, which it returns. */
  String startNewOrchestration(String name, Object input);

  /**
   * Starts an orchestration with the chosen instance id, which it returns. An instance with this id
   * that is still running keeps running and the start is dropped.
   */
  String startNewOrchestration(String name, Object input, String instanceId);
}
