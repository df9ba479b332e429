package dev.baton.core.spi;

import dev.baton.core.history.HistoryEvent;
import java.util.Objects;

/**
 * A message to an orchestration instance, sent to the control queue of the partition that owns it.
 * It carries the history event the instance will append when it consumes it.
 *
 * @param instanceId the target instance
 * @param executionId the execution it is for, or {@code null} for whichever is current
 * @param event the event to apply
 * @param repeated whether it may repeat a message that was applied by a commit that then stopped
 *     (the result of an activity run again because its work item came back): the engine treats it
 *     like a redelivered message, finishing that commit's row and sends if it finds the event
 *     already in the history
 */
public record ControlMessage(
    String instanceId, String executionId, HistoryEvent event, boolean repeated) {
  public ControlMessage {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(event, "event");
  }

  /** A message sent for the first time. */
  public ControlMessage(String instanceId, String executionId, HistoryEvent event) {
    this(instanceId, executionId, event, false);
  }
}
