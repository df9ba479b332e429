package dev.baton.core.client;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Options for scheduling a new orchestration instance.
 *
 * <pre>{@code
 * client.scheduleNewOrchestration("checkout", cart,
 *     new StartOptions().setInstanceId("order-42").setVersion("2"));
 * }</pre>
 */
public final class StartOptions {

  private String instanceId;
  private String version;
  private Instant startAt;

  public StartOptions() {}

  /** Options from JSON: {@code instanceId}, {@code version}, {@code startAt} (ISO-8601). */
  public StartOptions(JsonObject json) {
    this.instanceId = json.getString("instanceId");
    this.version = json.getString("version");
    String at = json.getString("startAt");
    this.startAt = at == null ? null : Instant.parse(at);
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

  public Instant getStartAt() {
    return startAt;
  }

  /** When the instance may start; {@code null} or a past time starts it at once. */
  public StartOptions setStartAt(Instant startAt) {
    this.startAt = startAt;
    return this;
  }

  public JsonObject toJson() {
    var json = new JsonObject();
    if (instanceId != null) {
      json.put("instanceId", instanceId);
    }
    if (version != null) {
      json.put("version", version);
    }
    if (startAt != null) {
      json.put("startAt", startAt.toString());
    }
    return json;
  }
}
