package dev.baton.core.entity;

import dev.baton.core.DataConverter;
import java.time.Instant;

/**
 * What a client knows about an entity, from {@code DurableClient.getEntity} or {@code
 * queryEntities}. The state is JSON text; {@link #readState} reads it as a type.
 *
 * @param id the entity
 * @param lastOperationTime when its last operation ran
 * @param hasState whether it has state (false only for entities listed with deleted ones)
 * @param state the state as JSON; {@code null} when it has none or it was not asked for
 * @param lockedBy the orchestration instance holding it in a critical section, or {@code null}
 * @param backlog operations waiting for a critical section to end
 * @param converter the converter used by {@link #readState}
 */
public record EntityMetadata(
    EntityId id,
    Instant lastOperationTime,
    boolean hasState,
    String state,
    String lockedBy,
    int backlog,
    DataConverter converter) {

  /** The state read as {@code type}; {@code null} when absent or not fetched. */
  public <T> T readState(Class<T> type) {
    return converter.deserialize(state, type);
  }
}
