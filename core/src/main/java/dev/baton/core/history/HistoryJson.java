package dev.baton.core.history;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.CollectionType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The JSON codec of history events: one object per event with an {@code eventType} property naming
 * its record ({@code "TaskScheduled"}), times as ISO-8601 text. Stores use it to keep events as
 * text; saved histories in tests use it too. The format is stable: a field is only ever added,
 * never renamed.
 */
public final class HistoryJson {

  private static final ObjectMapper MAPPER = newMapper();
  private static final CollectionType LIST_TYPE =
      MAPPER.getTypeFactory().constructCollectionType(List.class, HistoryEvent.class);

  private HistoryJson() {}

  /** Encodes one event. */
  public static String encode(HistoryEvent event) {
    try {
      return MAPPER.writerFor(HistoryEvent.class).writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Encodes a list of events as a JSON array. */
  public static String encodeList(List<HistoryEvent> events) {
    try {
      return MAPPER.writerFor(LIST_TYPE).writeValueAsString(events);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decodes one event.
   *
   * @throws IllegalArgumentException when {@code json} is not an encoded event
   */
  public static HistoryEvent decode(String json) {
    try {
      return MAPPER.readValue(json, HistoryEvent.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a history event: " + e.getMessage(), e);
    }
  }

  /**
   * Decodes a JSON array of events.
   *
   * @throws IllegalArgumentException when {@code json} is not an encoded list of events
   */
  public static List<HistoryEvent> decodeList(String json) {
    try {
      return MAPPER.readValue(json, LIST_TYPE);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a list of history events: " + e.getMessage(), e);
    }
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "eventType")
  @JsonSubTypes({
    @JsonSubTypes.Type(HistoryEvent.OrchestratorStarted.class),
    @JsonSubTypes.Type(HistoryEvent.ExecutionStarted.class),
    @JsonSubTypes.Type(HistoryEvent.TaskScheduled.class),
    @JsonSubTypes.Type(HistoryEvent.TaskCompleted.class),
    @JsonSubTypes.Type(HistoryEvent.TaskFailed.class),
    @JsonSubTypes.Type(HistoryEvent.TimerCreated.class),
    @JsonSubTypes.Type(HistoryEvent.TimerFired.class),
    @JsonSubTypes.Type(HistoryEvent.SubOrchestrationScheduled.class),
    @JsonSubTypes.Type(HistoryEvent.SubOrchestrationCompleted.class),
    @JsonSubTypes.Type(HistoryEvent.SubOrchestrationFailed.class),
    @JsonSubTypes.Type(HistoryEvent.EventRaised.class),
    @JsonSubTypes.Type(HistoryEvent.ExecutionCompleted.class),
    @JsonSubTypes.Type(HistoryEvent.ExecutionTerminated.class),
    @JsonSubTypes.Type(HistoryEvent.EventSent.class),
    @JsonSubTypes.Type(HistoryEvent.ExecutionSuspended.class),
    @JsonSubTypes.Type(HistoryEvent.ExecutionResumed.class),
    @JsonSubTypes.Type(HistoryEvent.ExecutionRewound.class),
    @JsonSubTypes.Type(HistoryEvent.EntityOperationRequested.class),
    @JsonSubTypes.Type(HistoryEvent.EntityLockRequested.class),
    @JsonSubTypes.Type(HistoryEvent.EntityLockReleased.class),
    @JsonSubTypes.Type(HistoryEvent.EntityOperationCompleted.class),
    @JsonSubTypes.Type(HistoryEvent.EntityOperationFailed.class),
    @JsonSubTypes.Type(HistoryEvent.EntityLockGranted.class),
    @JsonSubTypes.Type(HistoryEvent.EntityWakeUp.class),
    @JsonSubTypes.Type(HistoryEvent.EntityCleanupRequested.class),
    @JsonSubTypes.Type(HistoryEvent.EntitySnapshot.class)
  })
  private interface HistoryEventMixin {}

  private static ObjectMapper newMapper() {
    var module = new SimpleModule("baton-history");
    module.addSerializer(
        Instant.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
              throws IOException {
            gen.writeString(value.toString());
          }
        });
    module.addDeserializer(
        Instant.class,
        new JsonDeserializer<>() {
          @Override
          public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Instant.parse(p.getValueAsString());
          }
        });
    module.setMixInAnnotation(HistoryEvent.class, HistoryEventMixin.class);
    return new ObjectMapper()
        .registerModule(module)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }
}
