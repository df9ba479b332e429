package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checks and the JSON form of an instance's tags: name/value pairs set at start, returned with
 * the status and usable as a query filter. Names are non-blank; values are not null; all of them
 * together stay under {@link #MAX_CHARS} characters, so they fit one column of any store's row.
 */
public final class InstanceTags {

  /** The most characters the names and values of one instance's tags may hold together. */
  public static final int MAX_CHARS = 16_000;

  private InstanceTags() {}

  /**
   * An unmodifiable copy of {@code tags} ({@code null}: none).
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} for a blank name, a null value, or tags
   *     over {@link #MAX_CHARS} characters
   */
  public static Map<String, String> checked(Map<String, String> tags) {
    if (tags == null || tags.isEmpty()) {
      return Map.of();
    }
    int chars = 0;
    for (Map.Entry<String, String> e : tags.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT, "a tag name must not be blank");
      }
      if (e.getValue() == null) {
        throw new BatonException(
            ErrorCode.INVALID_ARGUMENT, "tag '" + e.getKey() + "' has no value; give it one");
      }
      chars += e.getKey().length() + e.getValue().length();
    }
    if (chars > MAX_CHARS) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT,
          "tags hold " + chars + " characters; at most " + MAX_CHARS + " are allowed");
    }
    return Map.copyOf(tags);
  }

  /**
   * Tags from a JSON object ({@code null}: none).
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} for a value that is not text
   */
  public static Map<String, String> fromJson(JsonObject json) {
    if (json == null) {
      return Map.of();
    }
    var tags = new LinkedHashMap<String, String>();
    for (String name : json.fieldNames()) {
      if (!(json.getValue(name) instanceof String value)) {
        throw new BatonException(
            ErrorCode.INVALID_ARGUMENT, "tag '" + name + "' must have a text value");
      }
      tags.put(name, value);
    }
    return checked(tags);
  }

  /** The JSON form of {@code tags}. */
  public static JsonObject toJson(Map<String, String> tags) {
    var json = new JsonObject();
    tags.forEach(json::put);
    return json;
  }
}
