package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import java.util.UUID;

/**
 * Checks instance ids. An id is 1 to {@value #MAX_LENGTH} characters without leading or trailing
 * white space; any other character is allowed, {@code / \ # ?} and control characters included, as
 * Durable Functions allows them: a store that cannot key a character escapes it (the Azure backend
 * escapes table keys as Durable Functions does), and the HTTP API takes ids percent-encoded.
 */
public final class InstanceIds {

  /** The longest instance id. */
  public static final int MAX_LENGTH = 256;

  private InstanceIds() {}

  /** A new random instance id (32 hex digits). */
  public static String random() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * Returns {@code id} when it is a valid instance id.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_INSTANCE_ID} saying what is wrong
   */
  public static String validate(String id) {
    if (id == null || id.isEmpty()) {
      throw invalid("an instance id must not be null or empty");
    }
    if (id.length() > MAX_LENGTH) {
      throw invalid(
          "an instance id must be at most " + MAX_LENGTH + " characters, got " + id.length());
    }
    if (!id.strip().equals(id)) {
      throw invalid("instance id '" + printable(id) + "' has leading or trailing white space");
    }
    return id;
  }

  /** {@code id} with each control character written as a backslash-u escape, for messages. */
  private static String printable(String id) {
    var sb = new StringBuilder();
    id.codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)) {
                sb.append(String.format("\\u%04x", cp));
              } else {
                sb.appendCodePoint(cp);
              }
            });
    return sb.toString();
  }

  private static BatonException invalid(String message) {
    return new BatonException(ErrorCode.INVALID_INSTANCE_ID, message);
  }
}
