package dev.baton.core.impl;

import dev.baton.core.spi.Lease;
import dev.baton.core.spi.LeaseStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds this engine's partition leases and shares the partitions out with the other engines on the
 * task hub. Every renew interval it renews the leases it holds (a partition whose renew fails is
 * stopped at once), announces itself in the lease store, and works out its share: the live owners
 * (announced, or holding an unexpired lease) sorted by id, the first {@code P mod N} of them taking
 * {@code ceil(P / N)} partitions and the others {@code floor(P / N)}. Over its share it stops and
 * releases partitions, so a newcomer finds them free; under its share it takes free or expired
 * ones. An engine that dies stops announcing and renewing, and the others take its partitions once
 * its leases lapse; an engine restarted with the same (configured) id takes its own back at once.
 *
 * <p>Per partition: {@code FREE -> (acquire) -> HELD -> (renew fails | over share | stop) -> FREE}.
 * A partition's verticle runs only while its lease is held.
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

  /** Stops every partition, releases its lease and withdraws this engine's announcement. */
  Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      engine.vertx().cancelTimer(timer);
    }
    List<Future<Void>> stops = new ArrayList<>();
    for (Integer p : new ArrayList<>(held.keySet())) {
      stops.add(giveUp(p, true));
    }
    return Future.join(stops)
        .transform(ar -> store.withdraw(engine.engineId()))
        .otherwiseEmpty()
        .mapEmpty();
  }

  private Future<Void> balance() {
    if (balancing || stopped) {
      return Future.succeededFuture();
    }
    balancing = true;
    List<Future<Void>> renewals = new ArrayList<>();
    for (Integer p : new ArrayList<>(held.keySet())) {
      renewals.add(renew(p));
    }
    Future<Void> announced =
        store
            .announce(engine.engineId(), engine.options().getLeaseDuration())
            .recover(
                t -> {
                  LOG.log(System.Logger.Level.WARNING, "announcing this engine failed", t);
                  return Future.succeededFuture();
                });
    return Future.join(renewals)
        .transform(ar -> announced)
        .compose(v -> Future.all(store.list(), store.owners()))
        .compose(view -> share(view.resultAt(0), view.resultAt(1)))
        .onComplete(ar -> balancing = false)
        .recover(
            t -> {
              LOG.log(System.Logger.Level.WARNING, "partition lease check failed", t);
              return Future.succeededFuture();
            });
  }

  /** Releases partitions over this engine's share, or takes free ones up to it. */
  private Future<Void> share(List<Lease> current, List<String> announced) {
    if (stopped) {
      return Future.succeededFuture();
    }
    Instant now = engine.clock().instant();
    int count = engine.options().getPartitionCount();
    Map<Integer, Lease> byPartition = new HashMap<>();
    TreeSet<String> owners = new TreeSet<>(announced);
    owners.add(engine.engineId());
    for (Lease l : current) {
      byPartition.put(l.partition(), l);
      if (l.expiresAt().isAfter(now) && !l.owner().isEmpty()) {
        owners.add(l.owner());
      }
    }
    int target = shareOf(count, new ArrayList<>(owners), engine.engineId());
    List<Future<Void>> steps = new ArrayList<>();
    int extra = held.size() - target;
    if (extra > 0) {
      List<Integer> mine = new ArrayList<>(held.keySet());
      mine.sort(Comparator.reverseOrder());
      for (int p : mine.subList(0, extra)) {
        LOG.log(
            System.Logger.Level.INFO,
            "handing partition " + p + " over: " + owners.size() + " engines share the task hub");
        steps.add(giveUp(p, true));
      }
      return Future.join(steps).mapEmpty();
    }
    int planned = held.size();
    for (int p = 0; p < count && planned < target; p++) {
      if (held.containsKey(p)) {
        continue;
      }
      Lease l = byPartition.get(p);
      // a lease of this engine's id that it does not hold is its previous run's: taken back now
      if (l == null || !l.expiresAt().isAfter(now) || l.owner().equals(engine.engineId())) {
        planned++;
        steps.add(acquire(p));
      }
    }
    return Future.join(steps).mapEmpty();
  }

  /**
   * How many of {@code count} partitions {@code self} takes among {@code owners} (sorted): the
   * first {@code count mod N} owners one more than the others.
   */
  static int shareOf(int count, List<String> owners, String self) {
    int n = owners.size();
    int rank = owners.indexOf(self);
    return count / n + (rank >= 0 && rank < count % n ? 1 : 0);
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
                  .compose(
                      id -> {
                        if (stopped || !held.containsKey(partition)) {
                          // given up while it was deploying (stop, or a renew failed)
                          return engine.vertx().undeploy(id);
                        }
                        deployments.put(partition, id);
                        engine.partitionStarted(verticle);
                        return Future.<Void>succeededFuture();
                      });
            })
        .recover(t -> Future.succeededFuture());
  }

  private Future<Void> renew(int partition) {
    Lease lease = held.get(partition);
    if (lease == null) {
      return Future.succeededFuture();
    }
    return store
        .renew(lease, engine.options().getLeaseDuration())
        .map(
            renewed -> {
              held.replace(partition, lease, renewed); // unless given up meanwhile
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
