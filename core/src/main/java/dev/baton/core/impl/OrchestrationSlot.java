package dev.baton.core.impl;

import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.ExecutionCompleted;
import dev.baton.core.history.HistoryEvent.ExecutionStarted;
import dev.baton.core.history.HistoryEvent.ExecutionTerminated;
import dev.baton.core.impl.entity.EntityRouting;
import dev.baton.core.impl.entity.SentToEntities;
import dev.baton.core.impl.replay.OrchestrationExecution;
import dev.baton.core.spi.InstanceRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a partition knows of one orchestration instance: the status folded from its history, the
 * calls still open, the ETag of its history and status row, its cached execution and what the steps
 * of the episode under way hand on. Touched only on the partition's context; its life cycle is the
 * {@link InstanceLifecycle#ORCHESTRATION} table of its {@link InstanceMachine}.
 */
final class OrchestrationSlot extends InstanceSlot {

  /** What the steps of the orchestration episode under way hand on (see OrchestrationSteps). */
  OrchestrationSteps.Work work;

  String etag;

  /** The ETag of the status row as this slot last wrote or read it, or {@code null}: unknown. */
  String rowEtag;

  /** The events in the execution's history, and the rewinds among them (see {@link #position}). */
  int historySize;

  int rewinds;

  ExecutionStarted started;
  RuntimeStatus status;
  String output;
  FailureDetails failure;
  String customStatus;
  Instant lastUpdatedAt;
  int nextTaskId;
  final Map<Integer, HistoryEvent> openCalls = new HashMap<>();

  /** The message ids of the external events this execution has received (to drop redeliveries). */
  final Set<String> eventIds = new HashSet<>();

  /**
   * The suspend, resume and rewind requests this execution applied: a redelivered one, or a copy
   * the client sent again after losing the answer, is recognised (the event, with the sender's time
   * stamp, is in history) and not applied again.
   */
  final Set<HistoryEvent> requests = new HashSet<>();

  /** After a continue-as-new: the external events carried into the next execution. */
  final List<HistoryEvent.EventRaised> carried = new ArrayList<>();

  /** An estimate of the bytes of the history folded in, for the cache's bound. */
  long payloadBytes;

  /** The loaded history, kept until an execution has replayed it. */
  List<HistoryEvent> unreplayed = List.of();

  OrchestrationExecution execution;

  /** What the execution has sent to entities (signals, its critical section). */
  final SentToEntities sentToEntities = new SentToEntities();

  OrchestrationSlot(String instanceId) {
    this(instanceId, true);
  }

  /**
   * @param keepLoaded whether the instance stays in memory between episodes
   */
  OrchestrationSlot(String instanceId, boolean keepLoaded) {
    super(
        instanceId,
        new InstanceMachine(InstanceLifecycle.ORCHESTRATION, Integer.MAX_VALUE, keepLoaded));
  }

  boolean hasExecution() {
    return started != null;
  }

  boolean isFinished() {
    return status != null && status.isFinished();
  }

  /** Whether the execution has continued as new and the next one has not started yet. */
  boolean hasContinuedAsNew() {
    return status == RuntimeStatus.CONTINUED_AS_NEW;
  }

  /** Forgets the instance's state, e.g. before a new execution replaces its history. */
  void resetExecution() {
    dropExecution();
    started = null;
    status = null;
    output = null;
    failure = null;
    customStatus = null;
    nextTaskId = 0;
    historySize = 0;
    rewinds = 0;
    openCalls.clear();
    eventIds.clear();
    requests.clear();
    carried.clear();
    unreplayed = List.of();
    payloadBytes = 0;
  }

  /**
   * How far the execution's history has got: grows with every commit, a rewind (which shortens the
   * history) included, so a status row written from a later state always carries a higher number.
   */
  long position() {
    return ((long) rewinds << 32) | historySize;
  }

  /** Drops the cached execution, if any (its code unwinds). */
  @Override
  void dropExecution() {
    if (execution != null) {
      execution.abort();
      execution = null;
    }
  }

  @Override
  long cachedBytes() {
    if (execution != null || !unreplayed.isEmpty()) {
      return payloadBytes; // the code has taken the history in
    }
    return ExecutionCache.len(output) + (started == null ? 0 : ExecutionCache.len(started.input()));
  }

  /** Folds history events into the status and open calls. */
  void fold(List<HistoryEvent> events) {
    for (HistoryEvent e : events) {
      fold(e);
      payloadBytes += ExecutionCache.bytes(e);
    }
  }

  private void fold(HistoryEvent e) {
    historySize++;
    switch (e) {
      case ExecutionStarted s -> {
        openCalls.clear();
        eventIds.clear();
        requests.clear();
        carried.clear();
        nextTaskId = 0;
        started = s;
        status = RuntimeStatus.RUNNING;
        output = null;
        failure = null;
        lastUpdatedAt = s.timestamp();
        sentToEntities.reset();
      }
      case HistoryEvent.TaskScheduled s -> opened(s.taskId(), e);
      case HistoryEvent.TimerCreated t -> opened(t.taskId(), e);
      case HistoryEvent.SubOrchestrationScheduled s -> opened(s.taskId(), e);
      case HistoryEvent.EventSent s -> opened(s.taskId(), e);
      case HistoryEvent.EventRaised r -> {
        if (r.messageId() != null) {
          eventIds.add(r.messageId());
        }
        if (hasContinuedAsNew()) {
          carried.add(r);
        }
      }
      case HistoryEvent.ExecutionSuspended s -> {
        requests.add(s);
        status = RuntimeStatus.SUSPENDED;
        lastUpdatedAt = s.timestamp();
      }
      case HistoryEvent.ExecutionResumed r -> {
        requests.add(r);
        status = RuntimeStatus.RUNNING;
        lastUpdatedAt = r.timestamp();
      }
      case HistoryEvent.ExecutionRewound r -> {
        requests.add(r);
        rewinds++;
        status = RuntimeStatus.RUNNING;
        output = null;
        failure = null;
        lastUpdatedAt = r.timestamp();
      }
      case HistoryEvent.TaskCompleted c -> openCalls.remove(c.taskId());
      case HistoryEvent.TaskFailed f -> openCalls.remove(f.taskId());
      case HistoryEvent.TimerFired t -> openCalls.remove(t.taskId());
      case HistoryEvent.SubOrchestrationCompleted c -> openCalls.remove(c.taskId());
      case HistoryEvent.SubOrchestrationFailed f -> openCalls.remove(f.taskId());
      case ExecutionCompleted c -> {
        status = c.status();
        output = c.result();
        failure = c.failure();
        openCalls.clear();
        lastUpdatedAt = c.timestamp();
      }
      case ExecutionTerminated t -> {
        status = RuntimeStatus.TERMINATED;
        output = t.reason();
        openCalls.clear();
        lastUpdatedAt = t.timestamp();
      }
      default -> foldEntityEvent(e);
    }
  }

  private void foldEntityEvent(HistoryEvent e) {
    int action = EntityRouting.actionTaskId(e);
    if (EntityRouting.isOpenCall(e)) {
      opened(action, e);
    } else if (action >= 0) {
      nextTaskId = Math.max(nextTaskId, action + 1);
    }
    int completed = EntityRouting.completionTaskId(e);
    if (completed >= 0) {
      openCalls.remove(completed);
    }
    sentToEntities.fold(e);
  }

  private void opened(int taskId, HistoryEvent e) {
    openCalls.put(taskId, e);
    nextTaskId = Math.max(nextTaskId, taskId + 1);
  }

  /** The status row of the current execution. */
  InstanceRecord record() {
    return new InstanceRecord(
        instanceId,
        started.name(),
        started.version(),
        started.executionId(),
        status,
        started.input(),
        output,
        customStatus,
        failure,
        started.timestamp(),
        lastUpdatedAt,
        started.scheduledStartTime(),
        started.parentInstanceId(),
        started.tags(),
        position());
  }
}
