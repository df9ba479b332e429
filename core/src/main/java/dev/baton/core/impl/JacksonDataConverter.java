package dev.baton.core.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.core.BatonException;
import dev.baton.core.DataConverter;
import dev.baton.core.ErrorCode;
import io.vertx.core.json.jackson.VertxModule;
import java.util.Objects;

/** The Jackson-based {@link DataConverter}. */
public final class JacksonDataConverter implements DataConverter {

  /** The default instance. */
  public static final JacksonDataConverter DEFAULT =
      new JacksonDataConverter(
          new ObjectMapper(
                  // buffers recycled across threads: virtual threads defeat per-thread pools
                  com.fasterxml.jackson.core.JsonFactory.builder()
                      .recyclerPool(
                          com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedLockFreePool())
                      .build())
              .registerModule(new VertxModule())
              .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));

  private final ObjectMapper mapper;

  public JacksonDataConverter(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  @Override
  public String serialize(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new BatonException(
          ErrorCode.SERIALIZATION,
          "cannot serialize a "
              + value.getClass().getName()
              + " to JSON: "
              + e.getMessage()
              + ". Pass a value Jackson can write (a record, a POJO with getters, a"
              + " collection, a JsonObject) or configure a DataConverter.",
          e);
    }
  }

  @Override
  public <T> T deserialize(String json, Class<T> type) {
    if (json == null) {
      return null;
    }
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new BatonException(
          ErrorCode.DESERIALIZATION,
          "cannot read "
              + abbreviate(json)
              + " as "
              + type.getName()
              + ": "
              + (e instanceof JsonProcessingException jpe
                  ? jpe.getOriginalMessage()
                  : e.getMessage())
              + ". Check the type passed for this result or input.",
          e);
    }
  }

  private static String abbreviate(String json) {
    return json.length() <= 80 ? json : json.substring(0, 77) + "...";
  }
}
