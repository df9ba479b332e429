package dev.baton.core.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.baton.core.BatonException;
import dev.baton.core.DataConverter;
import dev.baton.core.ErrorCode;
import io.vertx.core.json.jackson.VertxModule;
import java.util.Objects;

/**
 * The Jackson-based {@link DataConverter}. Readers are resolved once per target type. The default
 * instance, whose mapper nobody else configures, writes and reads plain strings, ints, longs and
 * booleans itself, with the text Jackson gives them, and hands everything else to Jackson.
 */
public final class JacksonDataConverter implements DataConverter {

  /** The default instance. */
  public static final JacksonDataConverter DEFAULT =
      new JacksonDataConverter(
          true,
          new ObjectMapper(
                  // buffers recycled across threads: virtual threads defeat per-thread pools
                  com.fasterxml.jackson.core.JsonFactory.builder()
                      .recyclerPool(
                          com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedLockFreePool())
                      .build())
              .registerModule(new VertxModule())
              .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));

  private final ObjectMapper mapper;
  private final boolean scalarsInline;
  private final ClassValue<ObjectReader> readers =
      new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
          return mapper.readerFor(type);
        }
      };

  public JacksonDataConverter(ObjectMapper mapper) {
    this(false, mapper);
  }

  private JacksonDataConverter(boolean scalarsInline, ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.scalarsInline = scalarsInline;
  }

  @Override
  public String serialize(Object value) {
    if (value == null) {
      return null;
    }
    if (scalarsInline) {
      String json = ScalarJson.write(value);
      if (json != null) {
        return json;
      }
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
    if (scalarsInline) {
      Object value = ScalarJson.read(json, type);
      if (value != null) {
        @SuppressWarnings("unchecked")
        T t = (T) value;
        return t;
      }
    }
    try {
      return readers.get(type).readValue(json);
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
