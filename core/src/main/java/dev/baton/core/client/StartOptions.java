package dev.baton.core.client;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.impl.InstanceTags;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Options for scheduling a new orchestration instance: its id, version, scheduled start time and
 * tags.
 *
 * <pre>{@code
 * client.scheduleNewOrchestration("checkout", cart,
 *     new StartOptions().setInstanceId("order-42").setVersion("2"));
 * }</pre>
 */
public final class StartOptions {

  private String instanceId;
  private String version;
  private Instant scheduledStartTime;
  private Map<String, String> tags = Map.of();

  public StartOptions() {}

  /**
   * Options from JSON: {@code instanceId}, {@code version}, {@code scheduledStartTime} (ISO-8601;
   * the older key {@code startAt} is still read), {@code tags} (an object of text values).
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} for a start time that is not ISO-8601 or
   *     tags that {@link #setTags} refuses
   */
  public StartOptions(JsonObject json) {
    this.instanceId = json.getString("instanceId");
    this.version = json.getString("version");
    this.tags = InstanceTags.fromJson(json.getJsonObject("tags"));
    String at = json.getString("scheduledStartTime", json.getString("startAt"));
    try {
      this.scheduledStartTime = at == null ? null : Instant.parse(at);
    } catch (DateTimeParseException e) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT,
          "scheduledStartTime must be an ISO-8601 instant such as 2026-12-06T10:15:30Z, got '"
              + at
              + "'");
    }
  }

  public String getInstanceId() {
    return instanceId;
  }

  /** The instance id to use; {@code null} generates a random one. */
  public StartOptions setInstanceId(String instanceId) {
    this.instanceId = instanceId;
    return this;
  }

  public String getVersion() {
    return version;
  }

  /** The version recorded with the instance, visible as {@code ctx.version()}. */
  public StartOptions setVersion(String version) {
    this.version = version;
    return this;
  }

  public Instant getScheduledStartTime() {
    return scheduledStartTime;
  }

  /**
   * When the instance may start (it is Pending until then); {@code null} or a past time starts it
   * at once. The same name as the {@code ExecutionStarted} history event's field.
   */
  public StartOptions setScheduledStartTime(Instant scheduledStartTime) {
    this.scheduledStartTime = scheduledStartTime;
    return this;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  /**
   * Tags of the instance: returned with its status ({@code InstanceMetadata.tags()}) and usable as
   * a query filter ({@code InstanceQuery.setTags}); kept by a restart and a continue-as-new.
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} for a blank name, a null value, or more
   *     than 16,000 characters in all
   */
  public StartOptions setTags(Map<String, String> tags) {
    this.tags = InstanceTags.checked(tags);
    return this;
  }

  public JsonObject toJson() {
    var json = new JsonObject();
    if (!tags.isEmpty()) {
      json.put("tags", InstanceTags.toJson(tags));
    }
    if (instanceId != null) {
      json.put("instanceId", instanceId);
    }
    if (version != null) {
      json.put("version", version);
    }
    if (scheduledStartTime != null) {
      json.put("scheduledStartTime", scheduledStartTime.toString());
    }
    return json;
  }
}
