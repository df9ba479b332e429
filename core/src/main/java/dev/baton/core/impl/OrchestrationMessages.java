package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EventRaised;
import dev.baton.core.history.HistoryEvent.EventSent;
import dev.baton.core.history.HistoryEvent.ExecutionStarted;
import dev.baton.core.history.HistoryEvent.SubOrchestrationScheduled;
import dev.baton.core.spi.ControlMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The control messages one orchestration sends to another (or to itself): external events,
 * sub-orchestration starts, notices to a parent, the start of the execution after a
 * continue-as-new. Every id here is derived from the sender's history, so a message sent again
 * after a crash carries the same ids and the receiver recognises it.
 */
final class OrchestrationMessages {

  private OrchestrationMessages() {}

  /** The external event an {@link EventSent} delivers to its target. */
  static ControlMessage event(String instanceId, String executionId, EventSent sent) {
    String messageId = derived(instanceId, executionId, "event/" + sent.taskId());
    return new ControlMessage(
        sent.instanceId(),
        null,
        new EventRaised(sent.timestamp(), sent.name(), sent.input(), messageId));
  }

  /** The start of the child a {@link SubOrchestrationScheduled} asks for. */
  static ControlMessage childStart(
      String instanceId, String executionId, SubOrchestrationScheduled s, Instant now) {
    String childExecution = derived(instanceId, executionId, "child/" + s.taskId());
    var start =
        new ExecutionStarted(
            now,
            s.name(),
            s.version(),
            s.input(),
            childExecution,
            instanceId,
            s.taskId(),
            null,
            executionId,
            s.tags(),
            s.traceParent());
    return new ControlMessage(s.instanceId(), childExecution, start);
  }

  /** The execution that follows {@code previous} after it continued as new with {@code input}. */
  static ExecutionStarted nextExecution(ExecutionStarted previous, String input, Instant now) {
    return new ExecutionStarted(
        now,
        previous.name(),
        previous.version(),
        input,
        nextExecutionId(previous.executionId()),
        previous.parentInstanceId(),
        previous.parentTaskId(),
        null,
        previous.parentExecutionId(),
        previous.tags(),
        previous.traceParent());
  }

  /** The id of the execution that follows {@code executionId} when it continues as new. */
  static String nextExecutionId(String executionId) {
    return derived("", executionId, "continued");
  }

  /**
   * Whether {@code current} is the execution {@code requested} or one it continued as new into:
   * where a client's request (terminate, suspend, resume, rewind) for the execution the status row
   * showed when it was sent applies. A new start of the same instance id begins another chain, so a
   * late copy of a request for an execution before it is not applied to it. The chain is followed
   * for at most {@link #CHAIN_STEPS} continue-as-new steps (each a hash): a request overtaken by
   * more than that many is treated as for an earlier chain.
   */
  static boolean continuesFrom(String current, String requested) {
    String id = requested;
    for (int i = 0; i <= CHAIN_STEPS; i++) {
      if (id.equals(current)) {
        return true;
      }
      id = nextExecutionId(id);
    }
    return false;
  }

  /** The continue-as-new steps {@link #continuesFrom} follows. */
  static final int CHAIN_STEPS = 1000;

  /** Tells a parent its child failed: ended as {@code status}, or could not start. */
  static ControlMessage childFailed(
      ExecutionStarted child, Instant at, String type, String message) {
    var notice =
        new HistoryEvent.SubOrchestrationFailed(
            at, child.parentTaskId(), new FailureDetails(type, message, "", null));
    return new ControlMessage(child.parentInstanceId(), child.parentExecutionId(), notice);
  }

  /** Tells a parent the id it chose for a child belongs to an instance that still runs. */
  static ControlMessage childIdBusy(
      ExecutionStarted child, String childId, RuntimeStatus status, Instant at) {
    String why =
        "instance '"
            + childId
            + "' is "
            + status.wireName()
            + "; a sub-orchestration needs an id that is free or finished";
    return childFailed(
        child,
        at,
        BatonException.class.getName(),
        new BatonException(ErrorCode.INSTANCE_EXISTS, why).getMessage());
  }

  /**
   * Takes the sub-orchestrations out of {@code reopened} (calls made again after a rewind) and
   * returns what asks their children to rewind in turn (a child that did not fail reports its
   * result again instead).
   */
  static List<ControlMessage> rewindChildren(List<HistoryEvent> reopened, Instant at) {
    List<ControlMessage> children = new ArrayList<>();
    for (var it = reopened.iterator(); it.hasNext(); ) {
      if (it.next() instanceof SubOrchestrationScheduled s) {
        it.remove();
        children.add(
            new ControlMessage(s.instanceId(), null, new HistoryEvent.ExecutionRewound(at, null)));
      }
    }
    return children;
  }

  /** The notice a terminated child sends its parent. */
  static ControlMessage childTerminated(ExecutionStarted child, Instant at, String reason) {
    return childFailed(
        child,
        at,
        BatonException.class.getName(),
        "sub-orchestration was " + RuntimeStatus.TERMINATED.wireName() + ": " + reason);
  }

  private static String derived(String instanceId, String executionId, String suffix) {
    String name = instanceId + "/" + executionId + "/" + suffix;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
