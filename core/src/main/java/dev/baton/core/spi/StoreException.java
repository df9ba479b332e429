package dev.baton.core.spi;

/**
 * A failure reported by a backend. {@link #reason()} tells the engine how to react; anything else a
 * store throws is treated as {@link Reason#UNAVAILABLE}.
 */
public final class StoreException extends RuntimeException {

  /** Why a store operation failed. */
  public enum Reason {
    /** An optimistic-concurrency check failed: the ETag or receipt is stale. */
    CONFLICT,
    /** A create found the item already there. */
    ALREADY_EXISTS,
    /** The item does not exist. */
    NOT_FOUND,
    /** A value is over a limit of the store. */
    TOO_LARGE,
    /** A key or name the store cannot hold. */
    INVALID_KEY,
    /** The store could not be reached or failed; the operation may be retried. */
    UNAVAILABLE
  }

  private final Reason reason;

  public StoreException(Reason reason, String message) {
    this(reason, message, null);
  }

  public StoreException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
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
