package dev.baton.core.spi;

import dev.baton.core.BatonOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * A storage backend: opens task hubs. The engine talks to storage only through this SPI, so any
 * backend that passes the conformance suite ({@code BackendConformanceTest} in baton-core's
 * test-jar) runs every feature.
 *
 * <ol>
 *   <li>MUST: no method of this SPI blocks the calling thread; every I/O result is a {@link
 *       Future}.
 *   <li>MUST: {@link #open} creates the hub when it does not exist, with {@code partitionCount}
 *       partitions; opening an existing hub with another partition count fails with {@link
 *       StoreException.Reason#CONFLICT} naming both counts.
 *   <li>MUST: a hub name the store cannot hold fails with {@link StoreException.Reason#INVALID_KEY}
 *       and a message that says which names are valid.
 *   <li>MUST: {@link #close} releases what the backend holds (connections, threads), never the
 *       stored data; task hubs opened from it must not be used afterwards.
 * </ol>
 *
 * <p>Whoever creates a backend closes it: engines never do, since several engines may share one
 * backend (and so one task hub), as processes share a storage account.
 */
public interface Backend {

  /** Opens (and creates when needed) the task hub {@code hubName}. */
  Future<TaskHubStore> open(Vertx vertx, String hubName, int partitionCount);

  /**
   * The longest wait between polls of an idle queue that suits this store, used when the engine's
   * {@link BatonOptions#setMaxPollInterval} is left unset: a store that bills or throttles every
   * request polls seldom, one whose polls cost nothing polls often. Local sends wake their receiver
   * without a poll either way. MUST be positive. By default {@link
   * BatonOptions#DEFAULT_MAX_POLL_INTERVAL}.
   */
  default Duration defaultMaxPollInterval() {
    return BatonOptions.DEFAULT_MAX_POLL_INTERVAL;
  }

  /**
   * Releases the backend's resources (rule 4), after the engines using it were closed. By default
   * there is nothing to release.
   */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
