package dev.baton.core.client;

import dev.baton.core.DataConverter;
import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import java.time.Instant;
import java.util.Map;

/**
 * What a client knows about an orchestration instance. Payloads are JSON text; {@link #readInput}
 * and {@link #readOutput} read them as a type.
 *
 * @param instanceId the instance id
 * @param name the orchestrator's name
 * @param version the version given at start, or {@code null}
 * @param status the runtime status
 * @param input the input as JSON (null when absent or not fetched)
 * @param output the output as JSON (for Terminated: the reason; null when absent or not fetched)
 * @param customStatus the custom status as JSON, or {@code null}
 * @param failure the failure of a Failed instance, else {@code null}
 * @param createdAt when it was scheduled
 * @param lastUpdatedAt when its status last changed
 * @param converter the converter used by {@code read*}
 * @param tags the tags set at start (empty for none)
 */
public record InstanceMetadata(
    String instanceId,
    String name,
    String version,
    RuntimeStatus status,
    String input,
    String output,
    String customStatus,
    FailureDetails failure,
    Instant createdAt,
    Instant lastUpdatedAt,
    DataConverter converter,
    Map<String, String> tags) {

  public InstanceMetadata {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** Metadata without tags. */
  public InstanceMetadata(
      String instanceId,
      String name,
      String version,
      RuntimeStatus status,
      String input,
      String output,
      String customStatus,
      FailureDetails failure,
      Instant createdAt,
      Instant lastUpdatedAt,
      DataConverter converter) {
    this(
        instanceId,
        name,
        version,
        status,
        input,
        output,
        customStatus,
        failure,
        createdAt,
        lastUpdatedAt,
        converter,
        Map.of());
  }

  /** Whether the instance is Completed, Failed, Canceled or Terminated. */
  public boolean isFinished() {
    return status.isFinished();
  }

  /** The input read as {@code type}. */
  public <T> T readInput(Class<T> type) {
    return converter.deserialize(input, type);
  }

  /** The output read as {@code type}. */
  public <T> T readOutput(Class<T> type) {
    return converter.deserialize(output, type);
  }

  /** The custom status read as {@code type}. */
  public <T> T readCustomStatus(Class<T> type) {
    return converter.deserialize(customStatus, type);
  }
}
