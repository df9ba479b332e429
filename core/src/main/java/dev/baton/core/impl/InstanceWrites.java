package dev.baton.core.impl;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EntityLockReleased;
import dev.baton.core.history.HistoryEvent.EntityOperationRequested;
import dev.baton.core.history.HistoryEvent.EventRaised;
import dev.baton.core.history.HistoryEvent.ExecutionCompleted;
import dev.baton.core.history.HistoryEvent.ExecutionResumed;
import dev.baton.core.history.HistoryEvent.ExecutionStarted;
import dev.baton.core.history.HistoryEvent.ExecutionSuspended;
import dev.baton.core.history.HistoryEvent.OrchestratorStarted;
import dev.baton.core.impl.entity.EntityRouting;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.InstanceRecord;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a partition writes and sends for an instance besides its history: the status row (always
 * from the history folded into the slot, and never over a newer one), the re-sends after a
 * redelivery, the answer to a refused start and the release of a lock nobody waits for. Every
 * method returns a future that fails when a write or send did: the episode that asked for it then
 * gives its messages back instead of deleting them. Stateless; called on the partition's context.
 */
final class InstanceWrites {

  private static final System.Logger LOG = System.getLogger(InstanceWrites.class.getName());

  /** Conditional writes tried before a row write gives up (each lost race costs one). */
  private static final int ROW_WRITE_TRIES = 5;

  private final BatonImpl engine;

  /** The partition's stop fence: re-sends still under way when it closes write nothing more. */
  private final CommitFence fence;

  InstanceWrites(BatonImpl engine, CommitFence fence) {
    this.engine = engine;
    this.fence = fence;
  }

  /**
   * Writes the slot's status row and tells the local waiters. The write is conditional on the row's
   * ETag: a row that changed meanwhile is read again, and a row that shows a later state ({@link
   * InstanceRecord#isNewerThan}) is left as it is, so a stale owner's late write never turns a
   * newer status back. A missing row is created only with {@code mayCreate}, by the episode that
   * applied the execution's start (a sub-orchestration's first row) or a redelivery of that start;
   * any later write finding no row leaves it missing, as the row was purged, and a stale owner's
   * late write must not bring it back.
   */
  Future<Void> writeRow(OrchestrationSlot slot, boolean mayCreate) {
    InstanceRecord record = slot.record();
    String etag = slot.rowEtag;
    if (etag == null) { // the first write of an execution: the row its start wrote, if here
      etag = engine.startRowEtags().take(slot.instanceId, record.executionId());
    }
    return write(slot, record, etag, mayCreate, ROW_WRITE_TRIES)
        .map(
            written -> {
              if (written) {
                engine.statusChanged(record);
              }
              return null;
            });
  }

  /** Whether the row was written ({@code false}: the stored one is newer). */
  private Future<Boolean> write(
      OrchestrationSlot slot, InstanceRecord record, String etag, boolean mayCreate, int tries) {
    return ConditionalRows.write(engine.store().instances(), record, etag, mayCreate, false, tries)
        .transform(
            ar -> {
              if (ar.failed()) {
                slot.rowEtag = null;
                return Future.failedFuture(ar.cause());
              }
              slot.rowEtag = ar.result().etag();
              if (!ar.result().written()) {
                LOG.log(
                    System.Logger.Level.DEBUG,
                    "status row of '"
                        + LogSafe.text(record.instanceId())
                        + (ar.result().etag() == null
                            ? "' not written: it is gone (purged), and not created again"
                            : "' not written: the stored one is newer (a later owner wrote it)"));
              }
              return Future.succeededFuture(ar.result().written());
            });
  }

  /**
   * After a redelivery of messages already applied ({@code repeats}): rewrites the row and re-sends
   * what the episode that applied the earliest of them, and every episode after it, produced and is
   * still open, since one of those commits may have stopped before its sends. Only those: a
   * duplicated result in a large fan-out re-sends nothing of the calls made before it. {@code
   * tellAgain}: the execution's end is told again (a parent asks for it). The history is read from
   * the store, as redeliveries are rare. Nothing is written once the partition has stopped ({@link
   * CommitFence}): a re-send answered after its stop belongs to the next owner.
   */
  Future<Void> resendAfterRedelivery(
      OrchestrationSlot slot, List<HistoryEvent> repeats, boolean tellAgain) {
    if (!slot.hasExecution()) {
      return Future.succeededFuture();
    }
    return engine
        .store()
        .history()
        .load(slot.instanceId)
        .compose(
            h -> {
              List<HistoryEvent> history = h.events();
              int from = tellAgain ? history.size() : firstEpisodeOf(history, repeats);
              List<HistoryEvent> open = new ArrayList<>();
              for (HistoryEvent e : history.subList(episodeStart(history, from), history.size())) {
                if (stillToSend(slot, e)) {
                  open.add(e);
                }
              }
              List<ControlMessage> releases = List.of();
              if (slot.isFinished() || slot.hasContinuedAsNew()) {
                open.add(
                    new ExecutionCompleted(
                        slot.lastUpdatedAt, slot.status, slot.output, slot.failure));
                releases = slot.sentToEntities.releaseAtEnd(engine.clock().instant());
              }
              List<ControlMessage> unlock = releases;
              // a redelivered start may find its first row never written: it creates it
              boolean mayCreate = repeats.stream().anyMatch(ExecutionStarted.class::isInstance);
              String id = slot.instanceId;
              return fence
                  .unlessClosed(id, () -> writeRow(slot, mayCreate))
                  .compose(
                      v ->
                          fence.unlessClosed(
                              id, () -> engine.sends().effects(id, slot.started, open)))
                  .compose(
                      v -> fence.unlessClosed(id, () -> engine.sendControl(unlock, Duration.ZERO)));
            });
  }

  /** The index of the earliest of {@code repeats} in {@code history}; its end when none is. */
  private static int firstEpisodeOf(List<HistoryEvent> history, List<HistoryEvent> repeats) {
    int first = history.size();
    for (HistoryEvent r : repeats) {
      for (int i = 0; i < first; i++) {
        if (sameMessage(history.get(i), r)) {
          first = i;
          break;
        }
      }
    }
    return first;
  }

  /** Whether history event {@code h} is what message event {@code m} was applied as. */
  static boolean sameMessage(HistoryEvent h, HistoryEvent m) {
    if (m instanceof ExecutionStarted s) {
      return h instanceof ExecutionStarted hs && hs.executionId().equals(s.executionId());
    }
    if (m instanceof ExecutionSuspended
        || m instanceof ExecutionResumed
        || m instanceof HistoryEvent.ExecutionRewound) {
      return h.equals(m); // the client's time stamp and reason make each request distinct
    }
    if (m instanceof EventRaised r && r.messageId() != null) {
      return h instanceof EventRaised hr && r.messageId().equals(hr.messageId());
    }
    int taskId = EpisodeTriage.completionTaskId(m);
    return taskId >= 0 && EpisodeTriage.completionTaskId(h) == taskId;
  }

  /** The start of the episode that holds index {@code i} (its OrchestratorStarted), or 0. */
  private static int episodeStart(List<HistoryEvent> history, int i) {
    for (int j = Math.min(i, history.size() - 1); j >= 0; j--) {
      if (history.get(j) instanceof OrchestratorStarted) {
        return j;
      }
    }
    return 0;
  }

  /** Whether a re-send must repeat {@code e}: a call still open, or a one-way entity message. */
  private static boolean stillToSend(OrchestrationSlot slot, HistoryEvent e) {
    int taskId =
        switch (e) {
          case HistoryEvent.TaskScheduled s -> s.taskId();
          case HistoryEvent.TimerCreated t -> t.taskId();
          case HistoryEvent.SubOrchestrationScheduled s -> s.taskId();
          case HistoryEvent.EventSent s -> s.taskId();
          default -> EntityRouting.isOpenCall(e) ? EntityRouting.actionTaskId(e) : -1;
        };
    if (taskId >= 0) {
      return slot.openCalls.containsKey(taskId);
    }
    // entities drop what they already have
    return e instanceof EntityOperationRequested r && r.signal() || e instanceof EntityLockReleased;
  }

  /** A start for an id whose execution is still running: dropped; a parent hears of it. */
  Future<Void> refuseStart(OrchestrationSlot slot, ExecutionStarted s, Instant now) {
    RuntimeStatus status = slot.status == null ? RuntimeStatus.PENDING : slot.status;
    LOG.log(
        System.Logger.Level.WARNING,
        "dropped a start of '" + LogSafe.text(slot.instanceId) + "': it is " + status.wireName());
    if (s.parentInstanceId() == null) {
      return Future.succeededFuture();
    }
    return engine.sendControl(
        List.of(OrchestrationMessages.childIdBusy(s, slot.instanceId, status, now)), Duration.ZERO);
  }

  /** A lock granted to an execution that has ended is released at once. */
  Future<Void> releaseUnwantedLock(HistoryEvent e, Instant now) {
    return engine.sendControl(EntityRouting.releaseUnwanted(e, now), Duration.ZERO);
  }
}
