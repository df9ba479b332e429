package dev.baton.storage.azure.impl;

import dev.baton.core.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Instance ids as Azure Table keys, escaped as Durable Functions escapes them (DurableTask.
 * AzureStorage's key sanitation): Azure forbids {@code / \ # ?} and the control characters U+0000
 * to U+001F and U+007F to U+009F in a PartitionKey, so {@code ^} doubles to {@code ^^}, {@code /}
 * becomes {@code ^0}, {@code \} {@code ^1}, {@code #} {@code ^2}, {@code ?} {@code ^3}, and a
 * control character c becomes {@code ^} followed by U+00C0 + c. Every other character stands for
 * itself, so an ordinary id is its own key. The escaping is one to one, and a prefix of an id
 * escapes to a prefix of its key, so prefix queries stay key ranges. A key is at most 1 KiB; an id
 * whose key would be longer (or an empty id) is refused with {@link
 * StoreException.Reason#INVALID_KEY}.
 */
final class Keys {

  static final int MAX_KEY_BYTES = 1024;

  /** The escape character of table keys. */
  static final char ESCAPE = '^';

  private static final char CONTROL_OFFSET = '\u00C0';

  private Keys() {}

  /**
   * The PartitionKey of {@code instanceId}.
   *
   * @throws StoreException with {@link StoreException.Reason#INVALID_KEY} when it has none
   */
  static String partitionKey(String instanceId) {
    if (instanceId == null || instanceId.isEmpty()) {
      throw invalid(instanceId, "it is empty");
    }
    String key = escape(instanceId);
    if (key.length() * 2 > MAX_KEY_BYTES
        || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw invalid(instanceId, "its table key is longer than 1 KiB");
    }
    return key;
  }

  /** {@code text} escaped for a table key, without checks (an id prefix, say). */
  static String escape(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String escaped =
          switch (c) {
            case ESCAPE -> "^^";
            case '/' -> "^0";
            case '\\' -> "^1";
            case '#' -> "^2";
            case '?' -> "^3";
            default -> isControl(c) ? "^" + (char) (CONTROL_OFFSET + c) : null;
          };
      if (escaped != null && sb == null) {
        sb = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (sb != null) {
        if (escaped != null) {
          sb.append(escaped);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? text : sb.toString();
  }

  /** The instance id whose {@link #partitionKey} is {@code key}. */
  static String instanceId(String key) {
    if (key.indexOf(ESCAPE) < 0) {
      return key;
    }
    var sb = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c != ESCAPE || i + 1 == key.length()) {
        sb.append(c);
        continue;
      }
      char next = key.charAt(++i);
      sb.append(
          switch (next) {
            case '0' -> '/';
            case '1' -> '\\';
            case '2' -> '#';
            case '3' -> '?';
            default -> next >= CONTROL_OFFSET ? (char) (next - CONTROL_OFFSET) : next;
          });
    }
    return sb.toString();
  }

  private static boolean isControl(char c) {
    return c <= 0x1F || (c >= 0x7F && c <= 0x9F);
  }

  private static StoreException invalid(String instanceId, String why) {
    String shown =
        instanceId == null
            ? "null"
            : "'"
                + (instanceId.length() > 80 ? instanceId.substring(0, 80) + "..." : instanceId)
                + "'";
    return new StoreException(
        StoreException.Reason.INVALID_KEY,
        "instance id "
            + shown.replaceAll("\\p{Cntrl}", "?")
            + " cannot be an Azure Table key: "
            + why
            + ". Use 1 to 256 characters.");
  }

  /**
   * A blob name segment for an instance: the id with every character outside {@code
   * [A-Za-z0-9_@:-]} percent-encoded, or its SHA-256 when that would be long. No segment is ever
   * {@code .} or {@code ..}.
   */
  static String blobSegment(String instanceId) {
    var sb = new StringBuilder();
    for (byte b : instanceId.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '@'
          || c == ':'
          || c == '-') {
        sb.append((char) c);
      } else {
        sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
      }
    }
    if (sb.length() <= 200) {
      return sb.toString();
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(instanceId.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
