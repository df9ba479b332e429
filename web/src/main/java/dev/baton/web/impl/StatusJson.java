package dev.baton.web.impl;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.InstanceMetadata;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An instance's status in Durable Functions' shape: {@code name, instanceId, runtimeStatus, input,
 * customStatus, output, createdTime, lastUpdatedTime[, tags][, historyEvents]} ({@code tags}, an
 * object of strings, only for an instance that has some: Durable Functions' API has none). The keys
 * {@code input} and {@code output} are always present, {@code null} when there is nothing to show:
 * Durable Functions' clients refuse a status without them.
 */
public final class StatusJson {

  private StatusJson() {}

  /**
   * The status of {@code m}.
   *
   * @param showInput whether to include the input ({@code input} is {@code null} otherwise)
   * @param history the rendered history, or {@code null} to leave {@code historyEvents} out
   */
  public static JsonObject of(InstanceMetadata m, boolean showInput, JsonArray history) {
    var json =
        new JsonObject()
            .put("name", m.name())
            .put("instanceId", m.instanceId())
            .put("runtimeStatus", m.status().wireName())
            .put("input", showInput ? Replies.jsonValue(m.input()) : null)
            .put("customStatus", Replies.jsonValue(m.customStatus()))
            .put("output", output(m))
            .put("createdTime", WireTime.format(m.createdAt()))
            .put("lastUpdatedTime", WireTime.format(m.lastUpdatedAt()));
    if (!m.tags().isEmpty()) {
      json.put("tags", new JsonObject(new java.util.TreeMap<String, Object>(m.tags())));
    }
    if (history != null) {
      json.put("historyEvents", history);
    }
    return json;
  }

  private static Object output(InstanceMetadata m) {
    if (m.status() == RuntimeStatus.FAILED && m.output() == null && m.failure() != null) {
      // what Durable Functions shows for a failed orchestration: its name and the failure message
      return "Orchestrator function '" + m.name() + "' failed: " + m.failure().message();
    }
    return Replies.jsonValue(m.output());
  }
}
