package dev.baton.storage.azure.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.core.history.HistoryJson;
import dev.baton.core.spi.ActivityWorkItem;
import dev.baton.core.spi.ControlMessage;
import java.io.UncheckedIOException;

/**
 * The JSON form of a queue's messages. Texts are ASCII (every other character escaped), so any
 * message is valid XML text for the Queue service. Control messages carry their event in {@link
 * HistoryJson}'s format.
 */
interface MessageCodec<M> {

  ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  /** The message as a JSON object. */
  ObjectNode encode(M message);

  /** The message from its JSON object. */
  M decode(JsonNode json);

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a Baton queue message: " + e.getOriginalMessage());
    }
  }

  /** Control messages: {@code {"instanceId", "executionId", "event": {...}, "repeated"}}. */
  MessageCodec<ControlMessage> CONTROL =
      new MessageCodec<>() {
        @Override
        public ObjectNode encode(ControlMessage m) {
          var node = JSON.createObjectNode();
          node.put("instanceId", m.instanceId());
          if (m.executionId() != null) {
            node.put("executionId", m.executionId());
          }
          node.set("event", read(HistoryJson.encode(m.event())));
          if (m.repeated()) {
            node.put("repeated", true);
          }
          return node;
        }

        @Override
        public ControlMessage decode(JsonNode json) {
          return new ControlMessage(
              json.path("instanceId").asText(),
              textOrNull(json, "executionId"),
              HistoryJson.decode(write(json.path("event"))),
              json.path("repeated").asBoolean(false));
        }
      };

  /**
   * Work items: {@code {"instanceId", "executionId", "taskId", "name", "input", "traceParent"}}.
   */
  MessageCodec<ActivityWorkItem> WORK_ITEM =
      new MessageCodec<>() {
        @Override
        public ObjectNode encode(ActivityWorkItem w) {
          var node = JSON.createObjectNode();
          node.put("instanceId", w.instanceId());
          node.put("executionId", w.executionId());
          node.put("taskId", w.taskId());
          node.put("name", w.name());
          if (w.input() != null) {
            node.put("input", w.input());
          }
          if (w.traceParent() != null) {
            node.put("traceParent", w.traceParent());
          }
          return node;
        }

        @Override
        public ActivityWorkItem decode(JsonNode json) {
          return new ActivityWorkItem(
              json.path("instanceId").asText(),
              json.path("executionId").asText(),
              json.path("taskId").asInt(),
              json.path("name").asText(),
              textOrNull(json, "input"),
              textOrNull(json, "traceParent"));
        }
      };

  private static String textOrNull(JsonNode json, String field) {
    JsonNode v = json.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
