package dev.baton.core.impl;

import dev.baton.core.BatonException;
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
            executionId);
    return new ControlMessage(s.instanceId(), childExecution, start);
  }

  /** The execution that follows {@code previous} after it continued as new with {@code input}. */
  static ExecutionStarted nextExecution(ExecutionStarted previous, String input, Instant now) {
    return new ExecutionStarted(
        now,
        previous.name(),
        previous.version(),
        input,
        derived("", previous.executionId(), "continued"),
        previous.parentInstanceId(),
        previous.parentTaskId(),
        null,
        previous.parentExecutionId());
  }

  /** Tells a parent its child failed: ended as {@code status}, or could not start. */
  static ControlMessage childFailed(
      ExecutionStarted child, Instant at, String type, String message) {
    var notice =
        new HistoryEvent.SubOrchestrationFailed(
            at, child.parentTaskId(), new FailureDetails(type, message, "", null));
    return new ControlMessage(child.parentInstanceId(), child.parentExecutionId(), notice);
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
