package dev.baton.core.orchestration;

import dev.baton.core.impl.InstanceTags;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Options of a sub-orchestration: the {@link TaskOptions} of any durable call, plus the child's
 * instance id and the version it runs.
 *
 * <pre>{@code
 * ctx.callSubOrchestrator("payment", order, Receipt.class,
 *     new SubOrchestrationOptions().setInstanceId("pay-" + order.id()).setVersion("2")).await();
 * }</pre>
 */
public final class SubOrchestrationOptions extends TaskOptions {

  private String instanceId;
  private String version;
  private Map<String, String> tags = Map.of();

  public SubOrchestrationOptions() {}

  /**
   * Options from JSON: those of {@link TaskOptions}, {@code instanceId}, {@code version} and {@code
   * tags}.
   */
  public SubOrchestrationOptions(JsonObject json) {
    super(json);
    this.instanceId = json.getString("instanceId");
    this.version = json.getString("version");
    this.tags = InstanceTags.fromJson(json.getJsonObject("tags"));
  }

  /** The child's instance id, or {@code null} for one derived from the parent. */
  public String getInstanceId() {
    return instanceId;
  }

  /**
   * The child's instance id; {@code null} derives one from the parent (the same on every replay). A
   * chosen id that names a running instance fails the call with {@code INSTANCE_EXISTS}; a finished
   * one is replaced.
   */
  public SubOrchestrationOptions setInstanceId(String instanceId) {
    this.instanceId = instanceId;
    return this;
  }

  /** The version the child runs, or {@code null} for the parent's version. */
  public String getVersion() {
    return version;
  }

  /**
   * The version the child is started with (its {@code ctx.version()}, which selects the code of a
   * {@link VersionedOrchestrator}); {@code null} starts it with the parent's version.
   */
  public SubOrchestrationOptions setVersion(String version) {
    this.version = version;
    return this;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  /**
   * The child's tags, as a client sets them with {@code StartOptions.setTags} (a child does not
   * inherit its parent's tags).
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} for a blank name, a null
   *     value, or more than 16,000 characters in all
   */
  public SubOrchestrationOptions setTags(Map<String, String> tags) {
    this.tags = InstanceTags.checked(tags);
    return this;
  }

  @Override
  public SubOrchestrationOptions setRetryPolicy(RetryPolicy retryPolicy) {
    super.setRetryPolicy(retryPolicy);
    return this;
  }

  @Override
  public SubOrchestrationOptions setRetryHandler(RetryHandler retryHandler) {
    super.setRetryHandler(retryHandler);
    return this;
  }

  @Override
  public SubOrchestrationOptions setTimeout(Duration timeout) {
    super.setTimeout(timeout);
    return this;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = super.toJson();
    if (instanceId != null) {
      json.put("instanceId", instanceId);
    }
    if (version != null) {
      json.put("version", version);
    }
    if (!tags.isEmpty()) {
      json.put("tags", InstanceTags.toJson(tags));
    }
    return json;
  }

  @Override
  public boolean equals(Object o) {
    return super.equals(o)
        && o instanceof SubOrchestrationOptions other
        && Objects.equals(instanceId, other.instanceId)
        && Objects.equals(version, other.version)
        && tags.equals(other.tags);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), instanceId, version, tags);
  }
}
