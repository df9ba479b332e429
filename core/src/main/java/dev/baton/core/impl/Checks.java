package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Argument and state checks at the start of a method that returns a {@link Future}: a check that
 * throws becomes the returned future's failure instead of an exception at the caller, so bad input
 * is reported the same way as every other failure.
 *
 * <pre>{@code
 * return Checks.check(() -> InstanceIds.validate(id)).compose(v -> store.get(id));
 * }</pre>
 */
public final class Checks {

  private Checks() {}

  /** A succeeded future when {@code check} returns, a failed one with what it threw otherwise. */
  public static Future<Void> check(Runnable check) {
    try {
      check.run();
      return Future.succeededFuture();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * {@code t} as the caller sees it: a {@link BatonException} as it is, a store's failure under its
   * reason's code ({@link StoreException.Reason#code()}), anything else as {@link ErrorCode#STORE};
   * the message says what could not be done ({@code what}, e.g. {@code "read 'order-7'"}).
   */
  public static Throwable storeError(Throwable t, String what) {
    if (t instanceof BatonException) {
      return t;
    }
    ErrorCode code = t instanceof StoreException se ? se.reason().code() : ErrorCode.STORE;
    return new BatonException(code, "could not " + what + ": " + t.getMessage(), t);
  }

  /** The value {@code work} computes, or a failed future with what it threw. */
  public static <T> Future<T> attempt(Supplier<T> work) {
    try {
      return Future.succeededFuture(work.get());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
