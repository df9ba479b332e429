package dev.baton.storage.azure;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits on futures from the test thread (never an event loop) with a deadline. */
final class Await {

  private Await() {}

  static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no result within 30 s", e);
    }
  }

  static StoreException storeFailure(Future<?> future, StoreException.Reason reason) {
    try {
      Object value = future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected " + reason + ", got success: " + value);
    } catch (ExecutionException e) {
      var se = assertInstanceOf(StoreException.class, e.getCause());
      assertTrue(se.reason() == reason, "expected " + reason + ", got " + se);
      return se;
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no result within 30 s", e);
    }
  }

  /** A fresh task hub name, so tests sharing one Azurite do not see each other. */
  static String hubName() {
    return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
