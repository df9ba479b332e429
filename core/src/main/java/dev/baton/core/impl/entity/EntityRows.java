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
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An entity's status row: name = the entity name, status Running, last update = the last
 * operation's time, and in the custom status what queries read without loading the state: {@code
 * {"hasState":true,"lockedBy":"...","lockExecutionId":"...","lockRequestId":"...", "backlog":0}},
 * and as its history position the snapshot's {@link #position}.
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

  /**
   * The timestamp of the snapshot that follows {@code previous} ({@code null}: the first) when
   * written at {@code now}: in whole microseconds, and at least a microsecond after the previous
   * one, so the snapshots of an entity are ordered by it even when the engines' clocks disagree.
   */
  static Instant nextTimestamp(EntitySnapshot previous, Instant now) {
    Instant t = now.truncatedTo(ChronoUnit.MICROS);
    if (previous == null) {
      return t;
    }
    Instant after = previous.timestamp().truncatedTo(ChronoUnit.MICROS).plus(1, ChronoUnit.MICROS);
    return t.isBefore(after) ? after : t;
  }

  /**
   * Where {@code s} stands among its entity's commits: its timestamp in microseconds, which grows
   * with every commit ({@link #nextTimestamp}). A row carries it as its {@link
   * InstanceRecord#historyPosition}, so a late write of an older snapshot's row is recognised.
   */
  static long position(EntitySnapshot s) {
    return Math.max(0, ChronoUnit.MICROS.between(Instant.EPOCH, s.timestamp()));
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
        null,
        null,
        position(s));
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

  /**
   * Whether the entity of row {@code r} has state: read from the start of the custom status this
   * class writes ({@code {"hasState":...}} comes first) without parsing it, else as {@link #info}.
   */
  static boolean hasState(InstanceRecord r) {
    String status = r.customStatus();
    if (status == null) {
      return false;
    }
    if (status.startsWith("{\"hasState\":true,")) {
      return true;
    }
    if (status.startsWith("{\"hasState\":false,")) {
      return false;
    }
    return info(r).hasState();
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
