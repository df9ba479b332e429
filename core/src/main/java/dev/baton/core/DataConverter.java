package dev.baton.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.core.impl.JacksonDataConverter;

/**
 * Turns inputs, outputs and results into the JSON text kept in history and back. The default is
 * Jackson ({@link #jackson()}); Vert.x {@code JsonObject} and {@code JsonArray} values are
 * supported by it.
 *
 * <pre>{@code
 * Baton.builder(vertx).dataConverter(DataConverter.jackson(myObjectMapper))
 * }</pre>
 */
public interface DataConverter {

  /**
   * Serializes a value to JSON; {@code null} gives {@code null}.
   *
   * @throws BatonException with {@link ErrorCode#SERIALIZATION} when the value cannot be written
   */
  String serialize(Object value);

  /**
   * Reads JSON as {@code type}; {@code null} JSON gives {@code null}.
   *
   * @throws BatonException with {@link ErrorCode#DESERIALIZATION} when the JSON does not fit
   */
  <T> T deserialize(String json, Class<T> type);

  /** The default converter, on a Jackson mapper that knows Vert.x JSON types. */
  static DataConverter jackson() {
    return JacksonDataConverter.DEFAULT;
  }

  /** A converter on the given Jackson mapper. */
  static DataConverter jackson(ObjectMapper mapper) {
    return new JacksonDataConverter(mapper);
  }
}
