package dev.baton.core.spi;

import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An instance's status row: what the client reads and queries without touching the history.
 *
 * @param instanceId the instance id
 * @param name the orchestrator's name
 * @param version the version given at start, or {@code null}
 * @param executionId the current execution
 * @param status the runtime status
 * @param input the input as JSON, or {@code null}
 * @param output the output as JSON (for Terminated, the reason), or {@code null}
 * @param customStatus the custom status as JSON, or {@code null}
 * @param failure the failure of a Failed instance, else {@code null}
 * @param createdAt when the instance was scheduled
 * @param lastUpdatedAt when the row last changed
 * @param scheduledStartTime when it may start, or {@code null}
 * @param parentInstanceId the parent of a sub-orchestration, or {@code null}
 * @param tags the instance's tags (never null; empty for none)
 */
public record InstanceRecord(
    String instanceId,
    String name,
    String version,
    String executionId,
    RuntimeStatus status,
    String input,
    String output,
    String customStatus,
    FailureDetails failure,
    Instant createdAt,
    Instant lastUpdatedAt,
    Instant scheduledStartTime,
    String parentInstanceId,
    Map<String, String> tags) {

  public InstanceRecord {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUpdatedAt, "lastUpdatedAt");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** A record without tags. */
  public InstanceRecord(
      String instanceId,
      String name,
      String version,
      String executionId,
      RuntimeStatus status,
      String input,
      String output,
      String customStatus,
      FailureDetails failure,
      Instant createdAt,
      Instant lastUpdatedAt,
      Instant scheduledStartTime,
      String parentInstanceId) {
    this(
        instanceId,
        name,
        version,
        executionId,
        status,
        input,
        output,
        customStatus,
        failure,
        createdAt,
        lastUpdatedAt,
        scheduledStartTime,
        parentInstanceId,
        Map.of());
  }

  /** A copy with another status, output, custom status, failure and update time. */
  public InstanceRecord withProgress(
      RuntimeStatus status,
      String output,
      String customStatus,
      FailureDetails failure,
      Instant lastUpdatedAt) {
    return new InstanceRecord(
        instanceId,
        name,
        version,
        executionId,
        status,
        input,
        output,
        customStatus,
        failure,
        createdAt,
        lastUpdatedAt,
        scheduledStartTime,
        parentInstanceId,
        tags);
  }
}
