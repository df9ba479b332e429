package dev.baton.core.spi;

import dev.baton.core.RuntimeStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Which instances a query or a purge selects. Every field is optional ({@code null} or empty: no
 * condition); the conditions are combined with AND.
 *
 * @param statuses the runtime statuses to select
 * @param createdFrom created at or after this time
 * @param createdTo created at or before this time
 * @param instanceIdPrefix the instance id starts with this text (matched literally)
 * @param tags the instance has every one of these tags, with these values
 */
public record InstanceFilter(
    Set<RuntimeStatus> statuses,
    Instant createdFrom,
    Instant createdTo,
    String instanceIdPrefix,
    Map<String, String> tags) {

  /** Selects every instance. */
  public static final InstanceFilter ALL = new InstanceFilter(Set.of(), null, null, null);

  public InstanceFilter {
    statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** A filter without a condition on tags. */
  public InstanceFilter(
      Set<RuntimeStatus> statuses,
      Instant createdFrom,
      Instant createdTo,
      String instanceIdPrefix) {
    this(statuses, createdFrom, createdTo, instanceIdPrefix, Map.of());
  }

  /** Whether {@code r} meets every condition. */
  public boolean matches(InstanceRecord r) {
    return (statuses.isEmpty() || statuses.contains(r.status()))
        && (createdFrom == null || !r.createdAt().isBefore(createdFrom))
        && (createdTo == null || !r.createdAt().isAfter(createdTo))
        && (instanceIdPrefix == null || r.instanceId().startsWith(instanceIdPrefix))
        && r.tags().entrySet().containsAll(tags.entrySet());
  }
}
