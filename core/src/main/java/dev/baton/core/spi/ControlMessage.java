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
 */
public record ControlMessage(String instanceId, String executionId, HistoryEvent event) {
  public ControlMessage {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(event, "event");
  }
}
