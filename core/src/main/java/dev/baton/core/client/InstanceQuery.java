package dev.baton.core.client;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.impl.InstanceTags;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A query over orchestration instances: filters, page size and where to continue.
 *
 * <pre>{@code
 * client.queryInstances(new InstanceQuery()
 *     .setRuntimeStatus(Set.of(RuntimeStatus.RUNNING))
 *     .setInstanceIdPrefix("order-")
 *     .setPageSize(50));
 * }</pre>
 */
public final class InstanceQuery {

  /** Default page size: 100, as in Durable Functions. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  /** Largest page size: 1,000. */
  public static final int MAX_PAGE_SIZE = 1000;

  private Set<RuntimeStatus> runtimeStatus = Set.of();
  private Instant createdFrom;
  private Instant createdTo;
  private String instanceIdPrefix;
  private Map<String, String> tags = Map.of();
  private int pageSize = DEFAULT_PAGE_SIZE;
  private String continuationToken;
  private boolean fetchInputsAndOutputs;

  public InstanceQuery() {}

  /** A query from JSON with the same property names as the setters. */
  public InstanceQuery(JsonObject json) {
    JsonArray statuses = json.getJsonArray("runtimeStatus");
    if (statuses != null) {
      var set = EnumSet.noneOf(RuntimeStatus.class);
      statuses.forEach(s -> set.add(RuntimeStatus.parse(String.valueOf(s))));
      setRuntimeStatus(set);
    }
    String from = json.getString("createdFrom");
    createdFrom = from == null ? null : Instant.parse(from);
    String to = json.getString("createdTo");
    createdTo = to == null ? null : Instant.parse(to);
    instanceIdPrefix = json.getString("instanceIdPrefix");
    tags = InstanceTags.fromJson(json.getJsonObject("tags"));
    setPageSize(json.getInteger("pageSize", DEFAULT_PAGE_SIZE));
    continuationToken = json.getString("continuationToken");
    fetchInputsAndOutputs = json.getBoolean("fetchInputsAndOutputs", false);
  }

  public Set<RuntimeStatus> getRuntimeStatus() {
    return runtimeStatus;
  }

  /** Selects instances in any of these statuses; empty selects all. */
  public InstanceQuery setRuntimeStatus(Set<RuntimeStatus> runtimeStatus) {
    this.runtimeStatus = runtimeStatus == null ? Set.of() : Set.copyOf(runtimeStatus);
    return this;
  }

  public Instant getCreatedFrom() {
    return createdFrom;
  }

  /** Selects instances created at or after this time. */
  public InstanceQuery setCreatedFrom(Instant createdFrom) {
    this.createdFrom = createdFrom;
    return this;
  }

  public Instant getCreatedTo() {
    return createdTo;
  }

  /** Selects instances created at or before this time. */
  public InstanceQuery setCreatedTo(Instant createdTo) {
    this.createdTo = createdTo;
    return this;
  }

  public String getInstanceIdPrefix() {
    return instanceIdPrefix;
  }

  /** Selects instances whose id starts with this text. */
  public InstanceQuery setInstanceIdPrefix(String instanceIdPrefix) {
    this.instanceIdPrefix = instanceIdPrefix;
    return this;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  /**
   * Selects instances that have every one of these tags with these values (others they have do not
   * matter); empty selects all.
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} for a blank name or a null
   *     value
   */
  public InstanceQuery setTags(Map<String, String> tags) {
    this.tags = InstanceTags.checked(tags);
    return this;
  }

  public int getPageSize() {
    return pageSize;
  }

  /**
   * Results per page, 1 to {@link #MAX_PAGE_SIZE}.
   *
   * @throws IllegalArgumentException when out of range
   */
  public InstanceQuery setPageSize(int pageSize) {
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "pageSize must be between 1 and " + MAX_PAGE_SIZE + ", got " + pageSize);
    }
    this.pageSize = pageSize;
    return this;
  }

  public String getContinuationToken() {
    return continuationToken;
  }

  /** Continues after the page that returned this token. */
  public InstanceQuery setContinuationToken(String continuationToken) {
    this.continuationToken = continuationToken;
    return this;
  }

  public boolean isFetchInputsAndOutputs() {
    return fetchInputsAndOutputs;
  }

  /** Whether results carry inputs and outputs (default false). */
  public InstanceQuery setFetchInputsAndOutputs(boolean fetchInputsAndOutputs) {
    this.fetchInputsAndOutputs = fetchInputsAndOutputs;
    return this;
  }

  public JsonObject toJson() {
    var json = new JsonObject();
    if (!runtimeStatus.isEmpty()) {
      var arr = new JsonArray();
      runtimeStatus.forEach(s -> arr.add(s.wireName()));
      json.put("runtimeStatus", arr);
    }
    if (createdFrom != null) {
      json.put("createdFrom", createdFrom.toString());
    }
    if (createdTo != null) {
      json.put("createdTo", createdTo.toString());
    }
    if (instanceIdPrefix != null) {
      json.put("instanceIdPrefix", instanceIdPrefix);
    }
    if (!tags.isEmpty()) {
      json.put("tags", InstanceTags.toJson(tags));
    }
    json.put("pageSize", pageSize);
    if (continuationToken != null) {
      json.put("continuationToken", continuationToken);
    }
    json.put("fetchInputsAndOutputs", fetchInputsAndOutputs);
    return json;
  }
}
