package dev.baton.storage.azure.impl;

import dev.baton.core.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Instance ids as Azure Table keys. Azure forbids {@code / \ # ?} and the control characters U+0000
 * to U+001F and U+007F to U+009F in a PartitionKey, and limits it to 1 KiB; an id that breaks these
 * rules is rejected with {@link StoreException.Reason#INVALID_KEY} rather than stored under another
 * key.
 */
final class Keys {

  static final int MAX_KEY_BYTES = 1024;

  private Keys() {}

  /**
   * Checks that {@code instanceId} can be a PartitionKey.
   *
   * @throws StoreException with {@link StoreException.Reason#INVALID_KEY} when it cannot
   */
  static String checkInstanceId(String instanceId) {
    if (instanceId == null || instanceId.isEmpty()) {
      throw invalid(instanceId, "it is empty");
    }
    for (int i = 0; i < instanceId.length(); i++) {
      char c = instanceId.charAt(i);
      if (c == '/' || c == '\\' || c == '#' || c == '?') {
        throw invalid(instanceId, "it contains '" + c + "'");
      }
      if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
        throw invalid(instanceId, String.format("it contains the control character U+%04X", +c));
      }
    }
    if (instanceId.length() * 2 > MAX_KEY_BYTES
        || instanceId.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw invalid(instanceId, "it is longer than 1 KiB");
    }
    return instanceId;
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
            + ". Use at most 512 characters and none of / \\ # ? or control characters.");
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
