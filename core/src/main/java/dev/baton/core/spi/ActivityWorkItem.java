package dev.baton.core.spi;

import java.util.Objects;

/**
 * A request to run an activity, on the shared work-item queue.
 *
 * @param instanceId the orchestration that called it, whose partition gets the result
 * @param executionId the execution that called it
 * @param taskId the call's sequence number in that execution
 * @param name the activity's registered name
 * @param input the input as JSON, or {@code null}
 * @param traceParent the W3C {@code traceparent} of the calling orchestration's span, or {@code
 *     null} when tracing is off; a backend that keeps work items MUST keep it
 */
public record ActivityWorkItem(
    String instanceId,
    String executionId,
    int taskId,
    String name,
    String input,
    String traceParent) {
  public ActivityWorkItem {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(name, "name");
  }

  /** A work item outside any trace. */
  public ActivityWorkItem(
      String instanceId, String executionId, int taskId, String name, String input) {
    this(instanceId, executionId, taskId, name, input, null);
  }
}
