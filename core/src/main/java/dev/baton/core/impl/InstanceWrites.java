package dev.baton.core.impl;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.ExecutionCompleted;
import dev.baton.core.history.HistoryEvent.ExecutionStarted;
import dev.baton.core.impl.entity.EntityRouting;
import dev.baton.core.spi.ControlMessage;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a partition writes and sends for an instance besides its history: the status row (always
 * from the history folded into the slot), the re-sends after a redelivery, the answer to a refused
 * start and the release of a lock nobody waits for. Stateless; called on the partition's context.
 */
final class InstanceWrites {

  private static final System.Logger LOG = System.getLogger(InstanceWrites.class.getName());

  private final BatonImpl engine;

  InstanceWrites(BatonImpl engine) {
    this.engine = engine;
  }

  /** Writes the slot's status row and tells the local waiters. */
  Future<Void> writeRow(InstanceSlot slot) {
    var record = slot.record();
    return engine
        .store()
        .instances()
        .update(record, null)
        .map(
            etag -> {
              engine.statusChanged(record);
              return null;
            });
  }

  /**
   * After a redelivery: rewrites the row and re-sends what the last commit may not have sent. A
   * failure is logged and swallowed: the episode goes on, and the next redelivery tries again.
   */
  Future<Void> resendOpenCalls(InstanceSlot slot) {
    if (!slot.hasExecution()) {
      return Future.succeededFuture();
    }
    List<HistoryEvent> open = new ArrayList<>(slot.openCalls.values());
    open.addAll(slot.sentToEntities.oneWay());
    List<ControlMessage> releases = List.of();
    if (slot.isFinished() || slot.hasContinuedAsNew()) {
      open.add(new ExecutionCompleted(slot.lastUpdatedAt, slot.status, slot.output, slot.failure));
      releases = slot.sentToEntities.releaseAtEnd(engine.clock().instant());
    }
    List<ControlMessage> unlock = releases;
    return writeRow(slot)
        .compose(v -> engine.sendEffects(slot.instanceId, slot.started, open))
        .compose(v -> engine.sendControl(unlock, Duration.ZERO))
        .recover(
            t -> {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "re-sending open calls of '" + slot.instanceId + "' failed",
                  t);
              return Future.succeededFuture();
            });
  }

  /** A start for an id whose execution is still running: dropped; a parent hears of it. */
  void refuseStart(InstanceSlot slot, ExecutionStarted s, Instant now) {
    RuntimeStatus status = slot.status == null ? RuntimeStatus.PENDING : slot.status;
    LOG.log(
        System.Logger.Level.WARNING,
        "dropped a start of '" + slot.instanceId + "': it is " + status.wireName());
    if (s.parentInstanceId() != null) {
      engine.sendControl(
          List.of(OrchestrationMessages.childIdBusy(s, slot.instanceId, status, now)),
          Duration.ZERO);
    }
  }

  /** A lock granted to an execution that has ended is released at once. */
  void releaseUnwantedLock(HistoryEvent e, Instant now) {
    engine.sendControl(EntityRouting.releaseUnwanted(e, now), Duration.ZERO);
  }
}
