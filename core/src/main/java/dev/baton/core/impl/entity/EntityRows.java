package dev.baton.core.impl.entity;

import dev.baton.core.DataConverter;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityMetadata;
import dev.baton.core.history.HistoryEvent.EntitySnapshot;
import dev.baton.core.history.HistoryEvent.EntitySnapshot.LockHolder;
import dev.baton.core.spi.InstanceRecord;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * An entity's status row: name = the entity name, status Running, last update = the last
 * operation's time, and in the custom status what queries read without loading the state: {@code
 * {"hasState":true,"lockedBy":"...","lockExecutionId":"...","lockRequestId":"...", "backlog":0}}.
 */
final class EntityRows {

  /** What an entity's row tells about it. */
  record Info(
      boolean hasState,
      String lockedBy,
      String lockExecutionId,
      String lockRequestId,
      int backlog) {}

  private EntityRows() {}

  static InstanceRecord row(EntityId id, EntitySnapshot s) {
    var info = new JsonObject().put("hasState", s.state() != null);
    if (s.lock() != null) {
      info.put("lockedBy", s.lock().instanceId())
          .put("lockExecutionId", s.lock().executionId())
          .put("lockRequestId", s.lock().requestId());
    }
    info.put("backlog", s.queue().size());
    return row(id, s, info.encode());
  }

  /** The row of {@code s} with its custom status already encoded. */
  static InstanceRecord row(EntityId id, EntitySnapshot s, String info) {
    return new InstanceRecord(
        id.instanceId(),
        id.name(),
        null,
        s.incarnation(),
        RuntimeStatus.RUNNING,
        null,
        null,
        info,
        null,
        s.createdAt(),
        s.lastOperationAt() == null ? s.createdAt() : s.lastOperationAt(),
        null,
        null);
  }

  /** What a snapshot's row is made of: equal keys, equal rows. */
  record RowKey(
      boolean hasState,
      LockHolder lock,
      int backlog,
      Instant lastOperationAt,
      String incarnation,
      Instant createdAt) {

    static RowKey of(EntitySnapshot s) {
      return new RowKey(
          s.state() != null,
          s.lock(),
          s.queue().size(),
          s.lastOperationAt(),
          s.incarnation(),
          s.createdAt());
    }

    /** Whether the rows' custom statuses are the same. */
    boolean sameInfo(RowKey other) {
      return hasState == other.hasState
          && Objects.equals(lock, other.lock)
          && backlog == other.backlog;
    }
  }

  static Info info(InstanceRecord r) {
    if (r.customStatus() == null) {
      return new Info(false, null, null, null, 0);
    }
    var json = new JsonObject(r.customStatus());
    return new Info(
        json.getBoolean("hasState", false),
        json.getString("lockedBy"),
        json.getString("lockExecutionId"),
        json.getString("lockRequestId"),
        json.getInteger("backlog", 0));
  }

  /** The metadata of an entity from its snapshot: state, time and lock of one commit. */
  static EntityMetadata metadata(EntityId id, EntitySnapshot s, DataConverter converter) {
    return new EntityMetadata(
        id,
        s.lastOperationAt() == null ? s.createdAt() : s.lastOperationAt(),
        s.state() != null,
        s.state(),
        s.lock() == null ? null : s.lock().instanceId(),
        s.queue().size(),
        converter);
  }

  static EntityMetadata metadata(InstanceRecord r, String state, DataConverter converter) {
    Info info = info(r);
    return new EntityMetadata(
        EntityId.fromInstanceId(r.instanceId()),
        r.lastUpdatedAt(),
        info.hasState(),
        state,
        info.lockedBy(),
        info.backlog(),
        converter);
  }
}
