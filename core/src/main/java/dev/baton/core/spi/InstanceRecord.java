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
 * @param historyPosition how far the execution's history had got when the row was written: it grows
 *     with every commit of the execution ({@code 0}: written before any, e.g. by a start), so the
 *     engine can refuse a late write that would put an older state over a newer one
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
    Map<String, String> tags,
    long historyPosition) {

  public InstanceRecord {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUpdatedAt, "lastUpdatedAt");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    if (historyPosition < 0) {
      throw new IllegalArgumentException("historyPosition must not be negative");
    }
  }

  /** A row written before any commit of its execution (history position 0). */
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
      String parentInstanceId,
      Map<String, String> tags) {
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
        tags,
        0);
  }

  /** A row without tags, written before any commit of its execution. */
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
        Map.of(),
        0);
  }

  /**
   * Whether this row shows a later state of its instance than {@code other}: a later execution, or
   * the same execution further along its history.
   */
  public boolean isNewerThan(InstanceRecord other) {
    if (!executionId.equals(other.executionId)) {
      return createdAt.isAfter(other.createdAt);
    }
    return historyPosition > other.historyPosition;
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
        tags,
        historyPosition);
  }
}
