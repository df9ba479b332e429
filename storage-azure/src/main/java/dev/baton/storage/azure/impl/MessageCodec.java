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
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The JSON form of a queue's messages. Texts are ASCII (every other character escaped), so any
 * message is valid XML text for the Queue service. Control messages carry their event in {@link
 * HistoryJson}'s format. Decoding is strict: a message without a field Baton needs, or with one of
 * the wrong type, is refused with {@link IllegalArgumentException}, so the queue sets it aside
 * instead of handing the engine a message it would misread.
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
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("not a Baton queue message: not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a Baton queue message: " + e.getOriginalMessage());
    }
  }

  /**
   * A queue message's body as JSON: Baton sends JSON text; a body that does not start with {@code
   * {} is read as the Base64 of JSON text, which is what queue clients set to Base64 encoding (as
   * Azure Functions' queue bindings are) send, as Durable Functions reads both.
   *
   * @throws IllegalArgumentException when it is neither
   */
  static JsonNode readBody(String body) {
    if (body.startsWith("{")) {
      return read(body);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(body.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a Baton queue message: neither JSON nor Base64 (" + e.getMessage() + ")");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not a Baton queue message: Base64 of no UTF-8 text");
    }
    if (!text.startsWith("{")) {
      throw new IllegalArgumentException("not a Baton queue message: Base64 of no JSON object");
    }
    return read(text);
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
          JsonNode event = json.get("event");
          if (event == null || !event.isObject()) {
            throw notA("control message", "no 'event' object");
          }
          JsonNode repeated = json.get("repeated");
          if (repeated != null && !repeated.isBoolean()) {
            throw notA("control message", "'repeated' is not a boolean");
          }
          return new ControlMessage(
              instanceId(json, "control message"),
              textOrNull(json, "executionId"),
              HistoryJson.decode(write(event)),
              repeated != null && repeated.booleanValue());
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
          JsonNode taskId = json.get("taskId");
          if (taskId == null || !taskId.canConvertToInt() || !taskId.isIntegralNumber()) {
            throw notA("work item", "no integer 'taskId'");
          }
          return new ActivityWorkItem(
              instanceId(json, "work item"),
              requiredText(json, "executionId", "work item"),
              taskId.intValue(),
              requiredText(json, "name", "work item"),
              textOrNull(json, "input"),
              textOrNull(json, "traceParent"));
        }
      };

  private static String textOrNull(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("not a Baton queue message: '" + field + "' is no text");
    }
    return v.textValue();
  }

  private static String requiredText(JsonNode json, String field, String what) {
    JsonNode v = json.get(field);
    if (v == null || !v.isTextual()) {
      throw notA(what, "no '" + field + "' text");
    }
    return v.textValue();
  }

  private static String instanceId(JsonNode json, String what) {
    String id = requiredText(json, "instanceId", what);
    if (id.isEmpty()) {
      throw notA(what, "an empty 'instanceId'");
    }
    return id;
  }

  private static IllegalArgumentException notA(String what, String why) {
    return new IllegalArgumentException("not a Baton " + what + ": " + why);
  }
}
