package dev.baton.core.impl;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EventRaised;
import dev.baton.core.history.HistoryEvent.ExecutionRewound;
import dev.baton.core.history.HistoryEvent.ExecutionStarted;
import dev.baton.core.history.HistoryEvent.ExecutionTerminated;
import dev.baton.core.history.HistoryEvent.TimerFired;
import dev.baton.core.impl.entity.EntityRouting;
import dev.baton.core.spi.ControlMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sorts one instance's batch of messages against what its slot knows: new events to apply,
 * duplicates (already in history, or twice in the batch), strays (for an earlier execution, or an
 * instance that is not running), and control requests (start, terminate, rewind, suspend, resume)
 * that the instance's state allows or not. Pure: the partition performs what the result asks for.
 */
final class EpisodeTriage {

  private static final System.Logger LOG = System.getLogger(EpisodeTriage.class.getName());

  /**
   * One message of the batch.
   *
   * @param dequeueCount how often it was delivered; a duplicate delivered more than once may mean a
   *     commit stopped between its history append and its sends
   */
  record Message(String messageId, ControlMessage message, int dequeueCount) {}

  /**
   * What a batch amounts to.
   *
   * @param accepted the events to apply, in order
   * @param newExecution the execution this batch starts (replacing the history), or {@code null}
   * @param terminate the terminate request to apply, or {@code null}
   * @param rewind the rewind request to apply, or {@code null}
   * @param duplicate whether a message repeated one already applied (its effects are re-sent)
   * @param repeats the history events the redelivered messages were found applied as (a message for
   *     the execution that continued as new into the current one: the current one's start): the
   *     re-send starts at the episode of the earliest of them
   * @param tellAgain whether a finished execution's end is to be told again
   * @param deferred messages to keep for later: raised or terminating before the instance started
   * @param earlyTimers timers delivered before their time, to send again
   * @param refusedStarts starts for an id whose execution still runs
   * @param strays events dropped because no execution wants them (a granted lock is released)
   */
  record Result(
      List<HistoryEvent> accepted,
      ExecutionStarted newExecution,
      ExecutionTerminated terminate,
      ExecutionRewound rewind,
      boolean duplicate,
      List<HistoryEvent> repeats,
      boolean tellAgain,
      List<String> deferred,
      List<TimerFired> earlyTimers,
      List<ExecutionStarted> refusedStarts,
      List<HistoryEvent> strays) {}

  private final OrchestrationSlot slot;
  private final Instant now;
  private final List<HistoryEvent> accepted = new ArrayList<>();
  // what this batch has applied so far, made when first needed: most batches hold one message
  private int firstCompleted = -1; // task ids are 0 or more
  private Set<Integer> completedNow; // from the second task completed
  private Set<String> eventsNow;
  private Set<HistoryEvent> requestsNow;
  private final List<String> deferred = new ArrayList<>();
  private final List<TimerFired> earlyTimers = new ArrayList<>();
  private final List<ExecutionStarted> refusedStarts = new ArrayList<>();
  private final List<HistoryEvent> strays = new ArrayList<>();
  private final List<HistoryEvent> repeats = new ArrayList<>();
  private ExecutionStarted newExecution;
  private ExecutionTerminated terminate;
  private ExecutionRewound rewind;
  private boolean duplicate;

  /** The history event the message taken last was applied as, when not its own event. */
  private HistoryEvent appliedAs;

  private boolean tellAgain;
  private RuntimeStatus effective;

  private EpisodeTriage(OrchestrationSlot slot, Instant now) {
    this.slot = slot;
    this.now = now;
    this.effective = slot.status;
    // after a continue-as-new, whatever comes next is for the following execution
    this.newExecution =
        slot.hasContinuedAsNew()
            ? OrchestrationMessages.nextExecution(slot.started, slot.output, now)
            : null;
  }

  /** Sorts {@code batch} for {@code slot}. */
  static Result sort(OrchestrationSlot slot, List<Message> batch, Instant now) {
    var triage = new EpisodeTriage(slot, now);
    for (Message m : batch) {
      if (m.message().event() instanceof ExecutionStarted) {
        triage.take(m); // a start applies before the other messages of its batch
      }
    }
    for (Message m : batch) {
      if (!(m.message().event() instanceof ExecutionStarted)) {
        triage.take(m);
      }
    }
    return new Result(
        triage.accepted,
        triage.newExecution,
        triage.terminate,
        triage.rewind,
        !triage.repeats.isEmpty() || triage.tellAgain,
        triage.repeats,
        triage.tellAgain,
        triage.deferred,
        triage.earlyTimers,
        triage.refusedStarts,
        triage.strays);
  }

  private void take(Message message) {
    ControlMessage m = message.message();
    duplicate = false;
    appliedAs = null;
    switch (m.event()) {
      case ExecutionStarted s -> start(s);
      case ExecutionTerminated t when !forThisChain(m) -> dropEarlier(t);
      case ExecutionTerminated t -> {
        if (newExecution != null || (slot.hasExecution() && !slot.isFinished())) {
          terminate = terminate == null ? t : terminate;
        } else if (!slot.hasExecution()) {
          deferred.add(message.messageId()); // sent before its instance started: waits for it
        } else {
          LOG.log(
              System.Logger.Level.INFO,
              "dropped a terminate of '" + LogSafe.text(slot.instanceId) + "': it is not running");
          // redelivered, it may be the terminate whose commit stopped before the status row
          duplicate = true;
        }
      }
      case ExecutionRewound r when !forThisChain(m) -> dropEarlier(r);
      case ExecutionRewound r -> {
        if ((newExecution == null && slot.requests.contains(r)) || r.equals(rewind)) {
          // this very rewind is in history (the instance may have failed again since), or earlier
          // in the batch: a copy the sender made again after losing its answer, or a redelivery
          duplicate = true;
        } else if (newExecution == null && slot.status == RuntimeStatus.FAILED) {
          rewind = rewind == null ? r : rewind;
        } else if (newExecution == null && slot.isFinished()) {
          tellAgain = true; // a parent rewinds: a child that did not fail tells its result again
        } else {
          LOG.log(
              System.Logger.Level.INFO,
              "dropped a rewind of '" + LogSafe.text(slot.instanceId) + "': it has not failed");
        }
      }
      default -> event(message);
    }
    // A copy of an applied message proves nothing (it was sent twice); only a redelivery may
    // follow a commit that stopped before its sends, so only that re-sends the open calls.
    if (duplicate && message.dequeueCount() > 1) {
      repeats.add(appliedAs != null ? appliedAs : m.event());
    }
  }

  /**
   * Whether a control request is for the current execution (or the one this batch starts): sent for
   * no execution in particular, for this one, or for one that continued as new into it. Before any
   * execution it is kept (a terminate waits for the start, and is sorted again then).
   */
  private boolean forThisChain(ControlMessage m) {
    String current =
        newExecution != null
            ? newExecution.executionId()
            : slot.hasExecution() ? slot.started.executionId() : null;
    return m.executionId() == null
        || current == null
        || OrchestrationMessages.continuesFrom(current, m.executionId());
  }

  /** A request for an execution before a new start of this id (a late copy): not applied. */
  private void dropEarlier(HistoryEvent request) {
    LOG.log(
        System.Logger.Level.INFO,
        "dropped "
            + request.getClass().getSimpleName()
            + " of '"
            + LogSafe.text(slot.instanceId)
            + "': it was sent for an execution before the current one");
  }

  private void start(ExecutionStarted s) {
    if (newExecution != null && s.executionId().equals(newExecution.executionId())) {
      return; // the start this batch makes anyway
    }
    if (slot.hasExecution() && s.executionId().equals(slot.started.executionId())) {
      duplicate = true;
    } else if (newExecution == null && (!slot.hasExecution() || slot.isFinished())) {
      newExecution = s;
    } else {
      refusedStarts.add(s);
    }
  }

  private void event(Message message) {
    ControlMessage m = message.message();
    HistoryEvent e = m.event();
    boolean live =
        newExecution != null
            || (slot.hasExecution() && !slot.isFinished() && !slot.hasContinuedAsNew());
    if (!live) {
      if (!slot.hasExecution() && e instanceof EventRaised) {
        deferred.add(message.messageId()); // raised before its instance started
        return;
      }
      LOG.log(
          e instanceof EventRaised ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
          "dropped "
              + e.getClass().getSimpleName()
              + " for '"
              + LogSafe.text(slot.instanceId)
              + "': the instance is "
              + (slot.hasExecution() ? slot.status.wireName() : "unknown"));
      strays.add(e);
      // redelivered, it may be the message whose commit ended the instance and stopped before
      // the status row: counting it a duplicate rewrites the row
      duplicate |= slot.hasExecution() && slot.isFinished();
      return;
    }
    String current = newExecution != null ? newExecution.executionId() : slot.started.executionId();
    int taskId = completionTaskId(e);
    boolean request =
        e instanceof HistoryEvent.ExecutionSuspended || e instanceof HistoryEvent.ExecutionResumed;
    if (m.executionId() != null
        && !(request
            ? OrchestrationMessages.continuesFrom(current, m.executionId())
            : m.executionId().equals(current))) {
      strays.add(e); // meant for an earlier execution of this id
      if (newExecution == null
          && OrchestrationMessages.nextExecutionId(m.executionId()).equals(current)) {
        // for the execution that continued as new into this one: redelivered, it may be the
        // message whose episode started this execution and stopped before its row or sends
        duplicate = true;
        appliedAs = slot.started;
      }
    } else if (e instanceof EventRaised r
        && r.messageId() != null
        && (slot.eventIds.contains(r.messageId()) || !eventsNow().add(r.messageId()))) {
      duplicate = true;
    } else if (taskId >= 0
        && (newExecution != null || !slot.openCalls.containsKey(taskId) || !completedNow(taskId))) {
      duplicate |= newExecution == null && taskId < slot.nextTaskId;
    } else if (e instanceof TimerFired t && t.fireAt().isAfter(now)) {
      earlyTimers.add(t);
    } else if ((newExecution == null && slot.requests.contains(e))
        || (requestsNow != null && requestsNow.contains(e))) {
      duplicate = true; // this very suspend or resume is in history, or earlier in the batch
    } else if (e instanceof HistoryEvent.ExecutionSuspended) {
      if (effective == RuntimeStatus.RUNNING || newExecution != null) {
        effective = RuntimeStatus.SUSPENDED;
        requestsNow().add(e);
        accepted.add(e);
      }
    } else if (e instanceof HistoryEvent.ExecutionResumed) {
      if (effective == RuntimeStatus.SUSPENDED) {
        effective = RuntimeStatus.RUNNING;
        requestsNow().add(e);
        accepted.add(e);
      }
    } else {
      accepted.add(e);
    }
  }

  /** Notes {@code taskId} completed by this batch; false if the batch completed it already. */
  private boolean completedNow(int taskId) {
    if (completedNow == null) {
      if (firstCompleted < 0) {
        firstCompleted = taskId; // a batch most often completes one task: no set for it
        return true;
      }
      if (firstCompleted == taskId) {
        return false;
      }
      completedNow = new HashSet<>();
      completedNow.add(firstCompleted);
    }
    return completedNow.add(taskId);
  }

  private Set<String> eventsNow() {
    if (eventsNow == null) {
      eventsNow = new HashSet<>();
    }
    return eventsNow;
  }

  private Set<HistoryEvent> requestsNow() {
    if (requestsNow == null) {
      requestsNow = new HashSet<>();
    }
    return requestsNow;
  }

  static int completionTaskId(HistoryEvent e) {
    return switch (e) {
      case HistoryEvent.TaskCompleted c -> c.taskId();
      case HistoryEvent.TaskFailed f -> f.taskId();
      case TimerFired t -> t.taskId();
      case HistoryEvent.SubOrchestrationCompleted c -> c.taskId();
      case HistoryEvent.SubOrchestrationFailed f -> f.taskId();
      default -> EntityRouting.completionTaskId(e);
    };
  }
}
