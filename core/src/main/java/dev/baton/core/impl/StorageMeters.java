package dev.baton.core.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;

/**
 * The request counters of one kind of storage call ({@code queue.send}, {@code history.append},
 * ...): {@code baton.storage.requests} counts every call made, {@code baton.storage.failures} those
 * that failed. Resolved once per kind when a metered task hub is opened, so a call costs two
 * increments at most.
 */
final class StorageMeters {

  private final Counter requests;
  private final Counter failures;

  StorageMeters(MeterRegistry registry, Tags hub, String kind) {
    Tags tags = hub.and("kind", kind);
    this.requests =
        EngineMeters.counter(
            registry, "baton.storage.requests", "Calls made to the store, by kind", tags);
    this.failures =
        EngineMeters.counter(
            registry, "baton.storage.failures", "Calls to the store that failed, by kind", tags);
  }

  /** Counts a call and, when it fails, a failure; returns {@code call} itself. */
  <T> Future<T> count(Future<T> call) {
    requests.increment();
    if (call.isComplete()) {
      if (call.failed()) {
        failures.increment();
      }
      return call;
    }
    return call.onFailure(t -> failures.increment());
  }
}
