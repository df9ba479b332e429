package dev.baton.core.impl;

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

  /** The value {@code work} computes, or a failed future with what it threw. */
  public static <T> Future<T> attempt(Supplier<T> work) {
    try {
      return Future.succeededFuture(work.get());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
