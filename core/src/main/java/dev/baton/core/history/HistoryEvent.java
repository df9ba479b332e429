package dev.baton.core.history;

import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of an orchestration's history. A history is the ordered list of these events; the
 * engine rebuilds an orchestration's state by replaying its code against it. Payloads ({@code
 * input}, {@code result}) are JSON text produced by the engine's data converter, so events are
 * immutable values that any store can keep.
 *
 * <p>Storage and wire encodings are separate codecs ({@link HistoryJson} is the JSON one).
 *
 * <p>Events that the orchestrator's own code produced ({@link TaskScheduled}, {@link TimerCreated},
 * {@link SubOrchestrationScheduled}) carry the sequence number of the call ({@code taskId}); the
 * events that complete them carry the same number.
 */
public sealed interface HistoryEvent {

  /** When the event was recorded. */
  Instant timestamp();

  /** Starts each episode; its timestamp is the orchestration's deterministic current time. */
  record OrchestratorStarted(Instant timestamp) implements HistoryEvent {
    public OrchestratorStarted {
      Objects.requireNonNull(timestamp, "timestamp");
    }
  }

  /**
   * The first event of an execution.
   *
   * @param name the orchestrator's registered name
   * @param version the version given at start, or {@code null}
   * @param input the input as JSON, or {@code null}
   * @param executionId unique per execution of an instance id (a restart or continue-as-new makes a
   *     new one)
   * @param parentInstanceId the parent orchestration of a sub-orchestration, or {@code null}
   * @param parentTaskId the parent's sequence number for this sub-orchestration, or -1
   * @param scheduledStartTime when the execution may start, or {@code null} for now
   */
  record ExecutionStarted(
      Instant timestamp,
      String name,
      String version,
      String input,
      String executionId,
      String parentInstanceId,
      int parentTaskId,
      Instant scheduledStartTime)
      implements HistoryEvent {
    public ExecutionStarted {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(executionId, "executionId");
    }
  }

  /** The orchestrator called an activity: sequence number {@code taskId}. */
  record TaskScheduled(Instant timestamp, int taskId, String name, String input)
      implements HistoryEvent {
    public TaskScheduled {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(name, "name");
    }
  }

  /** The activity of sequence number {@code taskId} returned {@code result} (JSON). */
  record TaskCompleted(Instant timestamp, int taskId, String result) implements HistoryEvent {
    public TaskCompleted {
      Objects.requireNonNull(timestamp, "timestamp");
    }
  }

  /** The activity of sequence number {@code taskId} failed. */
  record TaskFailed(Instant timestamp, int taskId, FailureDetails failure) implements HistoryEvent {
    public TaskFailed {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(failure, "failure");
    }
  }

  /** The orchestrator created a durable timer that fires at {@code fireAt}. */
  record TimerCreated(Instant timestamp, int taskId, Instant fireAt) implements HistoryEvent {
    public TimerCreated {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(fireAt, "fireAt");
    }
  }

  /** The timer of sequence number {@code taskId} fired. */
  record TimerFired(Instant timestamp, int taskId, Instant fireAt) implements HistoryEvent {
    public TimerFired {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(fireAt, "fireAt");
    }
  }

  /** The orchestrator started a sub-orchestration. */
  record SubOrchestrationScheduled(
      Instant timestamp, int taskId, String name, String instanceId, String version, String input)
      implements HistoryEvent {
    public SubOrchestrationScheduled {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(instanceId, "instanceId");
    }
  }

  /** The sub-orchestration of sequence number {@code taskId} completed. */
  record SubOrchestrationCompleted(Instant timestamp, int taskId, String result)
      implements HistoryEvent {
    public SubOrchestrationCompleted {
      Objects.requireNonNull(timestamp, "timestamp");
    }
  }

  /** The sub-orchestration of sequence number {@code taskId} failed. */
  record SubOrchestrationFailed(Instant timestamp, int taskId, FailureDetails failure)
      implements HistoryEvent {
    public SubOrchestrationFailed {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(failure, "failure");
    }
  }

  /**
   * An external event arrived.
   *
   * @param messageId the id of the message that carried it, so a redelivery is recognised
   */
  record EventRaised(Instant timestamp, String name, String input, String messageId)
      implements HistoryEvent {
    public EventRaised {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * The execution finished: {@code status} is Completed, Failed or ContinuedAsNew.
   *
   * @param result the output as JSON (the new input for ContinuedAsNew), or {@code null}
   * @param failure the failure for Failed, else {@code null}
   */
  record ExecutionCompleted(
      Instant timestamp, RuntimeStatus status, String result, FailureDetails failure)
      implements HistoryEvent {
    public ExecutionCompleted {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(status, "status");
    }
  }

  /** A terminate request arrived; the execution ends as Terminated. */
  record ExecutionTerminated(Instant timestamp, String reason) implements HistoryEvent {
    public ExecutionTerminated {
      Objects.requireNonNull(timestamp, "timestamp");
    }
  }
}
