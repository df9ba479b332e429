package dev.baton.core.history;

import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 *
 * <p>The {@code Entity*} events are the messages of durable entities; an entity's own history is a
 * single {@link EntitySnapshot}, replaced on every commit.
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
   * @param tags the instance's tags, or {@code null} for none
   * @param traceParent the W3C {@code traceparent} of the span this execution belongs under, or
   *     {@code null} when tracing is off: the client's start span in the start message, the
   *     orchestration's own span once the engine has begun it (see the README's "Traces")
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
      String parentExecutionId,
      Map<String, String> tags,
      String traceParent)
      implements HistoryEvent {
    public ExecutionStarted {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(executionId, "executionId");
      tags = tags == null || tags.isEmpty() ? null : Map.copyOf(tags);
    }

    /** This event under another trace parent. */
    public ExecutionStarted withTraceParent(String traceParent) {
      return new ExecutionStarted(
          timestamp,
          name,
          version,
          input,
          executionId,
          parentInstanceId,
          parentTaskId,
          scheduledStartTime,
          parentExecutionId,
          tags,
          traceParent);
    }

    /** An execution without a parent execution id, tags or trace parent. */
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
          null,
          null,
          null);
    }
  }

  /**
   * The orchestrator called an activity: sequence number {@code taskId}. {@code traceParent} is the
   * W3C {@code traceparent} of the orchestration's span, or {@code null} when tracing is off.
   */
  record TaskScheduled(Instant timestamp, int taskId, String name, String input, String traceParent)
      implements HistoryEvent {
    public TaskScheduled {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(name, "name");
    }

    /** A call outside any trace. */
    public TaskScheduled(Instant timestamp, int taskId, String name, String input) {
      this(timestamp, taskId, name, input, null);
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

  /**
   * The orchestrator started a sub-orchestration.
   *
   * @param tags the child's tags, or {@code null} for none
   * @param traceParent the W3C {@code traceparent} of the parent's span, or {@code null} when
   *     tracing is off
   */
  record SubOrchestrationScheduled(
      Instant timestamp,
      int taskId,
      String name,
      String instanceId,
      String version,
      String input,
      Map<String, String> tags,
      String traceParent)
      implements HistoryEvent {
    public SubOrchestrationScheduled {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(instanceId, "instanceId");
      tags = tags == null || tags.isEmpty() ? null : Map.copyOf(tags);
    }

    /** A sub-orchestration outside any trace. */
    public SubOrchestrationScheduled(
        Instant timestamp,
        int taskId,
        String name,
        String instanceId,
        String version,
        String input,
        Map<String, String> tags) {
      this(timestamp, taskId, name, instanceId, version, input, tags, null);
    }

    /** A sub-orchestration without tags. */
    public SubOrchestrationScheduled(
        Instant timestamp,
        int taskId,
        String name,
        String instanceId,
        String version,
        String input) {
      this(timestamp, taskId, name, instanceId, version, input, null);
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

  // ---- entities ------------------------------------------------------------------------------

  /**
   * A request to run an entity operation: a signal (one-way) or a call (answered with {@link
   * EntityOperationCompleted} or {@link EntityOperationFailed}). In an orchestration's history it
   * is the action of sequence number {@code taskId}; as a message it goes to {@code target}.
   *
   * @param target the entity's instance id ({@code @name@key})
   * @param operation the operation's name
   * @param input the input as JSON, or {@code null}
   * @param requestId unique per request
   * @param source the sender's channel to the target: its messages carry {@code seq} 1, 2, 3...
   * @param seq the position of this message in its source's sequence to this target
   * @param previousSentAt when the source sent its previous message ({@code seq - 1}), or {@code
   *     null} for the first
   * @param parentInstanceId the orchestration that sent it, or {@code null}
   * @param parentExecutionId that orchestration's execution, or {@code null}
   * @param taskId the orchestration's sequence number of the request, or -1
   * @param signal true for a one-way signal, false for a call that is answered
   * @param scheduledTime when the operation may run, or {@code null} for at once
   * @param traceParent the W3C {@code traceparent} of the sender's span, or {@code null} when
   *     tracing is off
   */
  record EntityOperationRequested(
      Instant timestamp,
      String target,
      String operation,
      String input,
      String requestId,
      String source,
      long seq,
      Instant previousSentAt,
      String parentInstanceId,
      String parentExecutionId,
      int taskId,
      boolean signal,
      Instant scheduledTime,
      String traceParent)
      implements HistoryEvent {
    public EntityOperationRequested {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(source, "source");
    }

    /** A request outside any trace. */
    public EntityOperationRequested(
        Instant timestamp,
        String target,
        String operation,
        String input,
        String requestId,
        String source,
        long seq,
        Instant previousSentAt,
        String parentInstanceId,
        String parentExecutionId,
        int taskId,
        boolean signal,
        Instant scheduledTime) {
      this(
          timestamp,
          target,
          operation,
          input,
          requestId,
          source,
          seq,
          previousSentAt,
          parentInstanceId,
          parentExecutionId,
          taskId,
          signal,
          scheduledTime,
          null);
    }
  }

  /**
   * A request to lock the entities of {@code lockSet} for an orchestration's critical section. It
   * travels along the set in order: the entity at {@code position} locks itself and passes it on;
   * the last one answers with {@link EntityLockGranted}.
   *
   * @param lockSet the entities' instance ids, sorted (the global order that prevents deadlock)
   * @param position the index in {@code lockSet} of the entity this message goes to
   * @param requestId the lock's id
   * @param source the sender's channel to this entity (see {@link EntityOperationRequested})
   * @param seq the position of this message in its source's sequence
   * @param previousSentAt when the source sent its previous message, or {@code null}
   * @param parentInstanceId the orchestration that asks for the lock
   * @param parentExecutionId its execution
   * @param taskId the orchestration's sequence number of the request
   */
  record EntityLockRequested(
      Instant timestamp,
      List<String> lockSet,
      int position,
      String requestId,
      String source,
      long seq,
      Instant previousSentAt,
      String parentInstanceId,
      String parentExecutionId,
      int taskId)
      implements HistoryEvent {
    public EntityLockRequested {
      Objects.requireNonNull(timestamp, "timestamp");
      lockSet = List.copyOf(lockSet);
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(parentInstanceId, "parentInstanceId");
      Objects.requireNonNull(parentExecutionId, "parentExecutionId");
    }
  }

  /**
   * The end of a critical section: every entity of {@code lockSet} locked by {@code lockRequestId}
   * is released. In an orchestration's history it is the action of sequence number {@code taskId}
   * (-1 when the engine released the lock at the orchestration's end).
   */
  record EntityLockReleased(
      Instant timestamp, int taskId, String lockRequestId, List<String> lockSet)
      implements HistoryEvent {
    public EntityLockReleased {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(lockRequestId, "lockRequestId");
      lockSet = List.copyOf(lockSet);
    }
  }

  /** The entity call of sequence number {@code taskId} returned {@code result} (JSON). */
  record EntityOperationCompleted(Instant timestamp, int taskId, String result)
      implements HistoryEvent {
    public EntityOperationCompleted {
      Objects.requireNonNull(timestamp, "timestamp");
    }
  }

  /** The entity call of sequence number {@code taskId} failed. */
  record EntityOperationFailed(Instant timestamp, int taskId, FailureDetails failure)
      implements HistoryEvent {
    public EntityOperationFailed {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(failure, "failure");
    }
  }

  /**
   * Every entity of {@code lockSet} is locked for the request of sequence number {@code taskId}.
   */
  record EntityLockGranted(
      Instant timestamp, int taskId, String lockRequestId, List<String> lockSet)
      implements HistoryEvent {
    public EntityLockGranted {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(lockRequestId, "lockRequestId");
      lockSet = List.copyOf(lockSet);
    }
  }

  /** Wakes an entity that has scheduled operations or out-of-order messages to look at. */
  record EntityWakeUp(Instant timestamp) implements HistoryEvent {
    public EntityWakeUp {
      Objects.requireNonNull(timestamp, "timestamp");
    }
  }

  /** Asks an entity to remove its storage if it has no state, lock or waiting work. */
  record EntityCleanupRequested(Instant timestamp) implements HistoryEvent {
    public EntityCleanupRequested {
      Objects.requireNonNull(timestamp, "timestamp");
    }
  }

  /**
   * An entity's whole durable state, its only history event, replaced on every commit: the user
   * state with what makes each message apply exactly once (how far each sender has been read) and
   * the messages its last commit sent.
   *
   * @param timestamp when it was written
   * @param incarnation unique per life of the entity's storage; names it as a sender
   * @param createdAt when the entity's storage was created
   * @param lastOperationAt when its last operation ran
   * @param state the user state as JSON, or {@code null} when it has none
   * @param lock the critical section holding it, or {@code null}
   * @param queue requests waiting for the critical section to end, in order
   * @param outbox the messages sent by the last commit, sent again after a crash
   * @param senders per source, the next sequence number expected
   * @param waiting requests that arrived before their predecessors
   * @param senderHorizon sources forgotten were last heard of before this time, or {@code null}
   * @param scheduled signals waiting for their scheduled time
   * @param sent per target, the last sequence number this entity sent it, and when
   * @param wakeAt when the entity asked to be woken up, or {@code null}
   */
  record EntitySnapshot(
      Instant timestamp,
      String incarnation,
      Instant createdAt,
      Instant lastOperationAt,
      String state,
      LockHolder lock,
      List<HistoryEvent> queue,
      List<Outgoing> outbox,
      Map<String, Progress> senders,
      List<Waiting> waiting,
      Instant senderHorizon,
      List<EntityOperationRequested> scheduled,
      Map<String, Sent> sent,
      Instant wakeAt)
      implements HistoryEvent {
    public EntitySnapshot {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(incarnation, "incarnation");
      Objects.requireNonNull(createdAt, "createdAt");
      queue = queue == null ? List.of() : List.copyOf(queue);
      outbox = outbox == null ? List.of() : List.copyOf(outbox);
      senders = senders == null ? Map.of() : Map.copyOf(senders);
      waiting = waiting == null ? List.of() : List.copyOf(waiting);
      scheduled = scheduled == null ? List.of() : List.copyOf(scheduled);
      sent = sent == null ? Map.of() : Map.copyOf(sent);
    }

    /** The orchestration holding an entity in a critical section. */
    public record LockHolder(
        String requestId, String instanceId, String executionId, List<String> lockSet) {
      public LockHolder {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(instanceId, "instanceId");
        lockSet = lockSet == null ? List.of() : List.copyOf(lockSet);
      }
    }

    /** A message to an instance, delivered at {@code deliverAt} ({@code null}: at once). */
    public record Outgoing(
        String instanceId, String executionId, HistoryEvent event, Instant deliverAt) {
      public Outgoing {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(event, "event");
      }
    }

    /** How far a source has been read: the next sequence number expected, and when it was seen. */
    public record Progress(long next, Instant lastSeen) {
      public Progress {
        Objects.requireNonNull(lastSeen, "lastSeen");
      }
    }

    /** The last message sent to a target: its sequence number and when it was sent. */
    public record Sent(long seq, Instant at) {
      public Sent {
        Objects.requireNonNull(at, "at");
      }
    }

    /** A request that arrived at {@code arrivedAt} before its source's earlier ones. */
    public record Waiting(Instant arrivedAt, HistoryEvent request) {
      public Waiting {
        Objects.requireNonNull(arrivedAt, "arrivedAt");
        Objects.requireNonNull(request, "request");
      }
    }
  }
}
