package dev.baton.core.orchestration;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import java.time.Duration;

/**
 * A wait in orchestrator code ran out of time: an external event that did not arrive, or a durable
 * call (activity, sub-orchestration, entity call) given a {@link TaskOptions#setTimeout timeout}
 * that did not finish in it. Its code is {@code TIMEOUT}. A call that timed out is not cancelled:
 * it may still run, and its late result is ignored.
 *
 * <pre>{@code
 * try {
 *   ctx.waitForExternalEvent("approval", Duration.ofDays(3), Boolean.class).await();
 * } catch (TaskTimeoutException e) {
 *   ctx.callActivity("escalate", e.taskName()).await();
 * }
 * }</pre>
 */
public final class TaskTimeoutException extends BatonException {

  private final String taskName;
  private final Duration timeout;

  public TaskTimeoutException(String taskName, Duration timeout, String message) {
    super(ErrorCode.TIMEOUT, message);
    this.taskName = taskName;
    this.timeout = timeout;
  }

  /**
   * The name of the event, activity, sub-orchestrator or entity operation waited for; for an HTTP
   * call, its method and URI.
   */
  public String taskName() {
    return taskName;
  }

  /** The time that ran out. */
  public Duration timeout() {
    return timeout;
  }
}
