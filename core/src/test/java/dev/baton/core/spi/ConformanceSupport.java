package dev.baton.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the conformance tests share: opening hubs, calling the store on an event loop and waiting
 * for its answer, polling with a deadline.
 */
abstract class ConformanceSupport {

  /** How long a call may hold the event loop before it returns its future (Backend rule 1). */
  static final Duration MAX_SYNC = Duration.ofSeconds(5);

  /** How long a store may take to answer one call. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  /** How long past its due time something awaited may still take to show. */
  static final Duration GRACE = Duration.ofSeconds(10);

  private static final long POLL_MILLIS = 50;

  /** The suite instance this test runs in. */
  abstract BackendConformanceTest suite();

  Vertx vertx() {
    return suite().vertx();
  }

  Backend backend() {
    return suite().backend();
  }

  /** The time unit of visibility timeouts, delays and leases. */
  Duration unit() {
    return suite().shortTime();
  }

  /** {@code n} units. */
  Duration units(int n) {
    return unit().multipliedBy(n);
  }

  /** The test's hub with 4 partitions, opened on first use. */
  TaskHubStore hub() {
    if (suite().defaultHub() == null) {
      if (Context.isOnVertxThread()) {
        throw new IllegalStateException("open the hub before a call: hub() waits for the store");
      }
      suite().defaultHub(openHub(BackendConformanceTest.newHubName(), 4));
    }
    return suite().defaultHub();
  }

  /** Opens (creating) a hub; it is deleted after the test. */
  TaskHubStore openHub(String name, int partitionCount) {
    TaskHubStore hub = call(() -> backend().open(vertx(), name, partitionCount));
    suite().track(hub);
    return hub;
  }

  /**
   * Runs {@code op} on the test's event loop and returns its result; fails the test when the future
   * fails, when the call throws instead of failing its future, or when it held the event loop
   * longer than {@link #MAX_SYNC}.
   */
  <T> T call(Supplier<Future<T>> op) {
    AsyncResult<T> result = run(op);
    if (result.failed()) {
      throw new AssertionError("store call failed: " + result.cause(), result.cause());
    }
    return result.result();
  }

  /** Runs {@code op} like {@link #call} and returns its failure, or {@code null} on success. */
  Throwable attempt(Supplier<Future<?>> op) {
    AsyncResult<?> result = run(op);
    return result.failed() ? result.cause() : null;
  }

  /** Asserts that {@code op} fails with a {@link StoreException} of {@code reason}. */
  StoreException failure(StoreException.Reason reason, Supplier<Future<?>> op) {
    Throwable t = attempt(op);
    if (t == null) {
      fail("expected a StoreException " + reason + ", but the call succeeded");
    }
    StoreException se = assertInstanceOf(StoreException.class, t, "failure type");
    assertEquals(reason, se.reason(), () -> "failure reason of " + se);
    return se;
  }

  /**
   * Calls {@code op} every few milliseconds until its result satisfies {@code done} and returns
   * that result; fails when {@code within} passes first.
   */
  <T> T eventually(Supplier<Future<T>> op, Predicate<T> done, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      T value = call(op);
      if (done.test(value)) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        fail("waited " + within.toMillis() + " ms for " + what + "; last result: " + value);
      }
      pause();
    }
  }

  /** Milliseconds since {@code startNanos} (a {@link System#nanoTime()} reading). */
  static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while polling", e);
    }
  }

  private <T> AsyncResult<T> run(Supplier<? extends Future<? extends T>> op) {
    var answer = new CompletableFuture<AsyncResult<T>>();
    var syncNanos = new AtomicLong();
    suite()
        .context()
        .runOnContext(
            v -> {
              long start = System.nanoTime();
              Future<? extends T> future;
              try {
                future = op.get();
              } catch (RuntimeException | AssertionError e) {
                answer.completeExceptionally(
                    new AssertionError("the call threw instead of failing its future: " + e, e));
                return;
              }
              syncNanos.set(System.nanoTime() - start);
              if (future == null) {
                answer.completeExceptionally(new AssertionError("the call returned null"));
                return;
              }
              future.onComplete(
                  ar ->
                      answer.complete(
                          ar.succeeded()
                              ? Future.succeededFuture(ar.result())
                              : Future.failedFuture(ar.cause())));
            });
    AsyncResult<T> result;
    try {
      result = answer.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof AssertionError ae ? ae : new AssertionError(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + ANSWER_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the store", e);
    }
    long syncMillis = TimeUnit.NANOSECONDS.toMillis(syncNanos.get());
    if (syncMillis > MAX_SYNC.toMillis()) {
      fail(
          "the call held the event loop for "
              + syncMillis
              + " ms before returning its future (Backend rule 1: no method blocks)");
    }
    return result;
  }
}
