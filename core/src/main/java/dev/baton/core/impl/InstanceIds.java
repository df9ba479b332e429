package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks instance ids and makes new ones. An id is 1 to {@value #MAX_LENGTH} characters without
 * leading or trailing white space; any other character is allowed, {@code / \ # ?} and control
 * characters included, as Durable Functions allows them: a store that cannot key a character
 * escapes it (the Azure backend escapes table keys as Durable Functions does), and the HTTP API
 * takes ids percent-encoded. A new id is this process's random 64-bit prefix, drawn once from
 * {@link SecureRandom}, then a counter scrambled by a bijection: unique within the process (the
 * scramble never maps two counts to one value), unique across processes and restarts as far as two
 * random prefixes differ, and without a {@code SecureRandom} draw (a SHA-1 digest) per start.
 */
public final class InstanceIds {

  /** The longest instance id. */
  public static final int MAX_LENGTH = 256;

  private static final long PREFIX;
  private static final AtomicLong COUNTER;

  static {
    SecureRandom random = new SecureRandom();
    PREFIX = random.nextLong();
    COUNTER = new AtomicLong(random.nextLong());
  }

  private InstanceIds() {}

  /** A new unique instance id (32 hex digits). */
  public static String random() {
    return hex16(PREFIX) + hex16(next());
  }

  /** A new unique id in the shape of a UUID (e.g. an execution id), made like {@link #random}. */
  public static String uuid() {
    return new UUID(PREFIX, next()).toString();
  }

  private static long next() {
    return scramble(COUNTER.getAndIncrement());
  }

  /**
   * A bijection of the 64-bit values (the finalizer of MurmurHash3: xor-shifts and multiplications
   * by odd constants, each invertible), so consecutive counts give ids that spread over partitions
   * like random ones.
   */
  static long scramble(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    x ^= x >>> 33;
    return x;
  }

  private static String hex16(long v) {
    String h = Long.toHexString(v);
    return h.length() == 16 ? h : "0".repeat(16 - h.length()) + h;
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
