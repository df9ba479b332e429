package dev.baton.storage.memory;

import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** What the stores of one hub share: its name, the clock, the ETag counter, whether it is gone. */
final class HubState {

  private final String name;
  private final Clock clock;
  private final AtomicLong etags;
  private volatile boolean deleted;

  HubState(String name, Clock clock, AtomicLong etags) {
    this.name = name;
    this.clock = clock;
    this.etags = etags;
  }

  String name() {
    return name;
  }

  Clock clock() {
    return clock;
  }

  /** A new ETag: the backend's write counter, so no ETag is ever handed out twice. */
  String nextEtag() {
    return Long.toString(etags.incrementAndGet());
  }

  boolean isDeleted() {
    return deleted;
  }

  void markDeleted() {
    deleted = true;
  }

  /** The failure of any call through a handle of a deleted hub. */
  <T> Future<T> gone() {
    return Future.failedFuture(
        new StoreException(
            StoreException.Reason.NOT_FOUND,
            "task hub '" + name + "' was deleted; open it again to recreate it"));
  }

  /** {@code d} in whole milliseconds, rounded up so nothing happens before its time. */
  static long ceilMillis(Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      return 0;
    }
    long millis = d.toMillis();
    return d.minusMillis(millis).isZero() ? millis : millis + 1;
  }

  static <T> Future<T> conflict(String message) {
    return Future.failedFuture(new StoreException(StoreException.Reason.CONFLICT, message));
  }

  static <T> Future<T> notFound(String message) {
    return Future.failedFuture(new StoreException(StoreException.Reason.NOT_FOUND, message));
  }

  static <T> Future<T> invalid(String message) {
    return Future.failedFuture(new IllegalArgumentException(message));
  }
}
