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
   * @param parentExecutionId the execution of the parent that started this sub-orchestration, or
   *     {@code null}; the parent's notice carries it, so a parent that has moved on to a new
   *     execution ignores it
   */
  record ExecutionStarted(
      Instant timestamp,
      String name,
      String version,
      String input,
      String executionId,
      String parentInstanceId,
      int parentTaskId,
      Instant scheduledStartTime,
      String parentExecutionId)
      implements HistoryEvent {
    public ExecutionStarted {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(executionId, "executionId");
    }

    /** An execution without a parent execution id (a top-level start). */
    public ExecutionStarted(
        Instant timestamp,
        String name,
        String version,
        String input,
        String executionId,
        String parentInstanceId,
        int parentTaskId,
        Instant scheduledStartTime) {
      this(
          timestamp,
          name,
          version,
          input,
          executionId,
          parentInstanceId,
          parentTaskId,
          scheduledStartTime,
          null);
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
   * The orchestrator sent an external event to another instance (fire and forget): sequence number
   * {@code taskId}. The target receives an {@link EventRaised} whose message id is derived from
   * this instance, its execution and {@code taskId}, so a re-send is recognised there.
   */
  record EventSent(Instant timestamp, int taskId, String instanceId, String name, String input)
      implements HistoryEvent {
    public EventSent {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * A suspend request arrived: the code makes no progress until {@link ExecutionResumed}; events
   * recorded in between are applied, in order, once it resumes.
   */
  record ExecutionSuspended(Instant timestamp, String reason) implements HistoryEvent {
    public ExecutionSuspended {
      Objects.requireNonNull(timestamp, "timestamp");
    }
  }

  /** A resume request arrived: the events held since {@link ExecutionSuspended} are applied. */
  record ExecutionResumed(Instant timestamp, String reason) implements HistoryEvent {
    public ExecutionResumed {
      Objects.requireNonNull(timestamp, "timestamp");
    }
  }

  /**
   * A failed execution was rewound: the history was cut before its first failure (a failed call, or
   * the failure of the code itself), the calls open at that point are made again and the code
   * continues from there.
   */
  record ExecutionRewound(Instant timestamp, String reason) implements HistoryEvent {
    public ExecutionRewound {
      Objects.requireNonNull(timestamp, "timestamp");
    }
  }

  /**
   * The execution finished: {@code status} is Completed, Failed or ContinuedAsNew.
   *
   * <p>After a ContinuedAsNew end, the history may list {@link EventRaised} events the code had not
   * consumed: they are carried into the next execution, in order.
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
