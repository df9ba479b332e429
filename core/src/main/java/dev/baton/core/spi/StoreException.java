package dev.baton.core.spi;

import dev.baton.core.ErrorCode;

/**
 * A failure reported by a backend. {@link #reason()} tells the engine how to react, and {@link
 * Reason#code()} is the {@link ErrorCode} a caller sees for it; anything else a store throws is
 * treated as {@link Reason#UNAVAILABLE}.
 */
public final class StoreException extends RuntimeException {

  /** Why a store operation failed, each with the {@link ErrorCode} a caller sees for it. */
  public enum Reason {
    /** An optimistic-concurrency check failed: the ETag or receipt is stale. */
    CONFLICT(ErrorCode.STORE_CONFLICT),
    /** A create found the item already there. */
    ALREADY_EXISTS(ErrorCode.STORE_CONFLICT),
    /** The item does not exist (another writer removed it, or it never was). */
    NOT_FOUND(ErrorCode.STORE_CONFLICT),
    /** A value is over a limit of the store. */
    TOO_LARGE(ErrorCode.PAYLOAD_TOO_LARGE),
    /** A key or name the store cannot hold. */
    INVALID_KEY(ErrorCode.INVALID_INSTANCE_ID),
    /** The store could not be reached or failed; the operation may be retried. */
    UNAVAILABLE(ErrorCode.STORE);

    private final ErrorCode code;

    Reason(ErrorCode code) {
      this.code = code;
    }

    /** The error code a caller sees for a failure of this reason. */
    public ErrorCode code() {
      return code;
    }
  }

  private final Reason reason;

  public StoreException(Reason reason, String message) {
    this(reason, message, null);
  }

  /**
   * A failure of {@code reason}. The outcomes of a conditional write ({@link Reason#CONFLICT},
   * {@link Reason#ALREADY_EXISTS}) are answers the engine expects in a race and acts on, not
   * faults: they carry no stack trace of their own (a cause keeps its own), which keeps a lost race
   * cheap.
   */
  public StoreException(Reason reason, String message, Throwable cause) {
    super(
        reason + ": " + message,
        cause,
        true,
        reason != Reason.CONFLICT && reason != Reason.ALREADY_EXISTS);
    this.reason = reason;
  }

  /** Why the operation failed. */
  public Reason reason() {
    return reason;
  }

  /** Whether {@code t} is a {@link StoreException} with the given reason. */
  public static boolean is(Throwable t, Reason reason) {
    return t instanceof StoreException se && se.reason == reason;
  }
}
