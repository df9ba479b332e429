package dev.baton.core.orchestration;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.FailureDetails;

/**
 * A durable call (activity, sub-orchestration, entity call) failed. Thrown by {@link Task#await()};
 * catch it in orchestrator code to compensate. {@link #details()} holds the failure of the callee:
 * its exception type, message and stack trace.
 *
 * <pre>{@code
 * try {
 *   ctx.callActivity("charge", order, Receipt.class).await();
 * } catch (TaskFailedException e) {
 *   ctx.callActivity("notify_failure", e.details().message(), Void.class).await();
 * }
 * }</pre>
 */
public final class TaskFailedException extends BatonException {

  private final String taskName;
  private final int taskId;

  public TaskFailedException(String taskName, int taskId, FailureDetails details) {
    super(
        ErrorCode.TASK_FAILED,
        "task '" + taskName + "' (#" + taskId + ") failed: " + details,
        null,
        details);
    this.taskName = taskName;
    this.taskId = taskId;
  }

  /** The name of the activity or orchestrator that failed. */
  public String taskName() {
    return taskName;
  }

  /** The sequence number of the failed call in the orchestration. */
  public int taskId() {
    return taskId;
  }
}
