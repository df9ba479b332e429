package dev.baton.core.impl;

import dev.baton.core.spi.InstanceRecord;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Waiters for instance status changes made in this process, completed the moment a partition writes
 * the row (the local fast path of {@code waitForInstance*}). Changes made by other processes are
 * found by the waiter's own polling.
 */
final class InstanceWatchers {

  private record Watch(Predicate<InstanceRecord> condition, Promise<InstanceRecord> promise) {}

  private final Map<String, List<Watch>> watches = new ConcurrentHashMap<>();

  /** Completes {@code promise} with the first written row of {@code instanceId} that matches. */
  void watch(
      String instanceId, Predicate<InstanceRecord> condition, Promise<InstanceRecord> promise) {
    var watch = new Watch(condition, promise);
    watches.computeIfAbsent(instanceId, k -> new CopyOnWriteArrayList<>()).add(watch);
    promise.future().onComplete(ar -> remove(instanceId, watch));
  }

  private void remove(String instanceId, Watch watch) {
    watches.computeIfPresent(
        instanceId,
        (k, list) -> {
          list.remove(watch);
          return list.isEmpty() ? null : list;
        });
  }

  void changed(InstanceRecord record) {
    List<Watch> list = watches.get(record.instanceId());
    if (list == null) {
      return;
    }
    for (Watch w : list) {
      if (w.condition().test(record)) {
        w.promise().tryComplete(record);
      }
    }
  }

  void failAll(Throwable cause) {
    watches.values().forEach(list -> list.forEach(w -> w.promise().tryFail(cause)));
  }
}
