package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import java.util.UUID;

/** Checks instance ids: the rules are the strictest store's (Azure table keys). */
public final class InstanceIds {

  /** The longest instance id. */
  public static final int MAX_LENGTH = 256;

  private InstanceIds() {}

  /** A new random instance id (32 hex digits). */
  public static String random() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * Returns {@code id} when every store can key it.
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
      throw invalid("instance id '" + id + "' has leading or trailing white space");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '/' || c == '\\' || c == '#' || c == '?' || Character.isISOControl(c)) {
        throw invalid(
            "instance id '"
                + printable(id)
                + "' holds "
                + (Character.isISOControl(c) ? "a control character" : "'" + c + "'")
                + " at "
                + i
                + "; ids may not contain / \\ # ? or control characters");
      }
    }
    return id;
  }

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
