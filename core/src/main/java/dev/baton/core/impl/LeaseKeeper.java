package dev.baton.core.impl;

import dev.baton.core.spi.Lease;
import dev.baton.core.spi.LeaseStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds this engine's partition leases: takes free or expired partitions up to a fair share, renews
 * the ones it holds, and stops a partition's verticle the moment its lease is lost.
 *
 * <p>Per partition: {@code FREE -> (acquire) -> HELD -> (renew fails | stop) -> FREE}. A
 * partition's verticle runs only while its lease is held.
 */
final class LeaseKeeper {

  private static final System.Logger LOG = System.getLogger(LeaseKeeper.class.getName());

  private final BatonImpl engine;
  private final LeaseStore store;
  private final Map<Integer, Lease> held = new ConcurrentHashMap<>();
  private final Map<Integer, String> deployments = new ConcurrentHashMap<>();
  private long timer = -1;
  private boolean balancing;
  private volatile boolean stopped;

  LeaseKeeper(BatonImpl engine) {
    this.engine = engine;
    this.store = engine.store().leases();
  }

  Future<Void> start() {
    return balance()
        .onSuccess(
            v ->
                timer =
                    engine
                        .vertx()
                        .setPeriodic(
                            engine.options().getLeaseRenewInterval().toMillis(), id -> balance()));
  }

  Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      engine.vertx().cancelTimer(timer);
    }
    List<Future<Void>> stops = new ArrayList<>();
    for (Integer p : new ArrayList<>(held.keySet())) {
      stops.add(giveUp(p, true));
    }
    return Future.join(stops).mapEmpty();
  }

  private Future<Void> balance() {
    if (balancing || stopped) {
      return Future.succeededFuture();
    }
    balancing = true;
    return store
        .list()
        .compose(this::balance)
        .onComplete(ar -> balancing = false)
        .recover(
            t -> {
              LOG.log(System.Logger.Level.WARNING, "partition lease check failed", t);
              return Future.succeededFuture();
            });
  }

  private Future<Void> balance(List<Lease> current) {
    Instant now = engine.clock().instant();
    int count = engine.options().getPartitionCount();
    Map<Integer, Lease> byPartition = new HashMap<>();
    Set<String> owners = new HashSet<>();
    owners.add(engine.engineId());
    for (Lease l : current) {
      byPartition.put(l.partition(), l);
      if (l.expiresAt().isAfter(now)) {
        owners.add(l.owner());
      }
    }
    int target = (count + owners.size() - 1) / owners.size();
    List<Future<Void>> steps = new ArrayList<>();
    int planned = held.size();
    for (int p = 0; p < count; p++) {
      int partition = p;
      if (held.containsKey(p)) {
        steps.add(renew(partition));
        continue;
      }
      Lease l = byPartition.get(p);
      boolean free = l == null || !l.expiresAt().isAfter(now);
      if (free && planned < target) {
        planned++;
        steps.add(acquire(partition));
      }
    }
    return Future.join(steps).mapEmpty();
  }

  private Future<Void> acquire(int partition) {
    var duration = engine.options().getLeaseDuration();
    return store
        .acquire(partition, engine.engineId(), duration)
        .compose(
            lease -> {
              if (stopped) {
                return store.release(lease);
              }
              held.put(partition, lease);
              var verticle = new PartitionVerticle(partition, engine);
              return engine
                  .vertx()
                  .deployVerticle(verticle)
                  .map(
                      id -> {
                        deployments.put(partition, id);
                        engine.partitionStarted(verticle);
                        return (Void) null;
                      });
            })
        .recover(t -> Future.succeededFuture());
  }

  private Future<Void> renew(int partition) {
    Lease lease = held.get(partition);
    return store
        .renew(lease, engine.options().getLeaseDuration())
        .map(
            renewed -> {
              held.put(partition, renewed);
              return (Void) null;
            })
        .recover(
            t -> {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "lost the lease of partition " + partition + "; stopping it",
                  t);
              return giveUp(partition, false);
            });
  }

  private Future<Void> giveUp(int partition, boolean release) {
    Lease lease = held.remove(partition);
    String deployment = deployments.remove(partition);
    engine.partitionStopped(partition);
    Future<Void> undeployed =
        deployment == null ? Future.succeededFuture() : engine.vertx().undeploy(deployment);
    return undeployed
        .recover(t -> Future.succeededFuture())
        .compose(
            v ->
                release && lease != null
                    ? store.release(lease).recover(t -> Future.succeededFuture())
                    : Future.succeededFuture());
  }
}
