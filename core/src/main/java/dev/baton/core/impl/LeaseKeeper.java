package dev.baton.core.impl;

import dev.baton.core.spi.Lease;
import dev.baton.core.spi.LeaseStore;
import dev.baton.core.spi.StoreException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
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
 * task hub. Every renew interval it announces itself in the lease store and works out its share:
 * the live owners (announced, or holding an unexpired lease) sorted by id, the first {@code P mod
 * N} of them taking {@code ceil(P / N)} partitions and the others {@code floor(P / N)}. Over its
 * share it stops and releases partitions, so a newcomer finds them free; under its share it takes
 * free or expired ones. An engine that dies stops announcing and renewing, and the others take its
 * partitions once their leases lapse; an engine restarted with the same (configured) id takes its
 * own back at once.
 *
 * <p>Each held lease is renewed on its own schedule, one renew interval after the request that last
 * granted it was sent. By this engine's own clock a lease is usable until that send time plus the
 * lease duration, less a safety margin ({@link #margin}): the store's expiry can only be later,
 * since the store starts counting when the request arrives. A renewal that fails does not stop the
 * partition (a store error or a lost answer is not a lost lease): it is tried again sooner, and a
 * renewal refused with CONFLICT (its token is stale, e.g. the previous renewal took effect but its
 * answer was lost) is followed by an acquire as the same owner, which succeeds unless another owner
 * holds the lease. The partition stops when another owner holds it, or when its usable time runs
 * out before any renewal landed; after that no renewal of the old lease can revive it, so it never
 * writes past the lease's expiry as this engine knows it.
 *
 * <p>Per partition: {@code FREE -> (acquire) -> HELD -> (renewal fails) -> IN_DOUBT -> (renewal or
 * re-acquire lands) -> HELD}; {@code HELD | IN_DOUBT -> (usable time runs out | another owner holds
 * it | over share | stop) -> FREE}. A partition's verticle runs only while it is held. All of it
 * runs on one Vert.x context, taken when the keeper is made.
 */
final class LeaseKeeper {

  private static final System.Logger LOG = System.getLogger(LeaseKeeper.class.getName());

  /** How many retries of a failed renewal fit in one renew interval. */
  private static final int RETRIES_PER_INTERVAL = 5;

  /** A lease this engine holds, and until when, by its own clock, it may act on it. */
  private static final class Held {
    final int partition;
    Lease lease;

    /** {@link System#nanoTime()} past which the partition must not be used. */
    long usableUntil;

    /** Renewals failed in a row: {@code 0} is HELD, more is IN_DOUBT. */
    int failures;

    boolean renewing;
    long renewTimer = -1;
    long expiryTimer = -1;

    Held(int partition) {
      this.partition = partition;
    }
  }

  private final BatonImpl engine;
  private final LeaseStore store;
  private final Context context;
  private final Duration duration;
  private final Duration renewInterval;
  private final long marginNanos;
  private final Map<Integer, Held> held = new ConcurrentHashMap<>();
  private final Map<Integer, String> deployments = new ConcurrentHashMap<>();
  private long timer = -1;
  private boolean balancing;
  private volatile boolean stopped;

  LeaseKeeper(BatonImpl engine) {
    this.engine = engine;
    this.store = engine.store().leases();
    this.context = engine.vertx().getOrCreateContext();
    this.duration = engine.options().getLeaseDuration();
    this.renewInterval = engine.options().getLeaseRenewInterval();
    this.marginNanos = margin(duration, renewInterval).toNanos();
  }

  /**
   * How long before a lease's expiry (by this engine's clock) its partition stops when no renewal
   * landed: a fifth of the lease, and at most half the gap between the renew interval and the
   * lease, so the first renewal is always sent before the margin begins (3 s of the default 15 s).
   */
  static Duration margin(Duration lease, Duration renewInterval) {
    Duration fifth = lease.dividedBy(5);
    Duration halfGap = lease.minus(renewInterval).dividedBy(2);
    return fifth.compareTo(halfGap) < 0 ? fifth : halfGap;
  }

  Future<Void> start() {
    Promise<Void> started = Promise.promise();
    context.runOnContext(
        v ->
            balance()
                .onSuccess(
                    x ->
                        timer =
                            engine.vertx().setPeriodic(renewInterval.toMillis(), id -> balance()))
                .onComplete(started));
    return started.future();
  }

  /** Stops every partition, releases its lease and withdraws this engine's announcement. */
  Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          stopped = true;
          if (timer >= 0) {
            engine.vertx().cancelTimer(timer);
          }
          List<Future<Void>> stops = new ArrayList<>();
          for (Integer p : new ArrayList<>(held.keySet())) {
            stops.add(giveUp(p, true));
          }
          Future.join(stops)
              .transform(ar -> store.withdraw(engine.engineId()))
              .otherwiseEmpty()
              .<Void>mapEmpty()
              .onComplete(done);
        });
    return done.future();
  }

  private Future<Void> balance() {
    if (balancing || stopped) {
      return Future.succeededFuture();
    }
    balancing = true;
    return store
        .announce(engine.engineId(), duration)
        .recover(
            t -> {
              LOG.log(
                  System.Logger.Level.WARNING, "announcing this engine failed", LogSafe.thrown(t));
              return Future.succeededFuture();
            })
        .compose(v -> Future.all(store.list(), store.owners()))
        .compose(view -> share(view.resultAt(0), view.resultAt(1)))
        .onComplete(ar -> balancing = false)
        .recover(
            t -> {
              LOG.log(
                  System.Logger.Level.WARNING, "partition lease check failed", LogSafe.thrown(t));
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
    long sent = System.nanoTime();
    return store
        .acquire(partition, engine.engineId(), duration)
        .compose(
            lease -> {
              if (stopped || held.containsKey(partition)) {
                return stopped ? store.release(lease) : Future.<Void>succeededFuture();
              }
              var h = new Held(partition);
              held.put(partition, h);
              granted(h, lease, sent);
              var verticle = new PartitionVerticle(partition, engine);
              return engine
                  .vertx()
                  .deployVerticle(verticle)
                  .compose(
                      id -> {
                        if (stopped || held.get(partition) != h) {
                          // given up while it was deploying (stop, or its lease ran out)
                          return engine.vertx().undeploy(id);
                        }
                        deployments.put(partition, id);
                        engine.partitionStarted(verticle);
                        return Future.<Void>succeededFuture();
                      });
            })
        .recover(t -> Future.succeededFuture());
  }

  /**
   * A store answer granted {@code lease} to a request sent at {@code sent}: the partition is usable
   * until then plus the lease duration, less the margin; the next renewal is due one renew interval
   * after {@code sent}.
   */
  private void granted(Held h, Lease lease, long sent) {
    if (h.failures > 0) {
      LOG.log(
          System.Logger.Level.INFO,
          "renewed the lease of partition " + h.partition + " after " + h.failures + " failures");
    }
    h.lease = lease;
    h.failures = 0;
    h.usableUntil = sent + duration.toNanos() - marginNanos;
    cancelTimers(h);
    long now = System.nanoTime();
    h.expiryTimer = engine.vertx().setTimer(millisUntil(h.usableUntil, now), id -> expired(h));
    long renewAt = sent + renewInterval.toNanos();
    h.renewTimer = engine.vertx().setTimer(millisUntil(renewAt, now), id -> renew(h));
  }

  private static long millisUntil(long nanoTime, long now) {
    return Math.max(1, (nanoTime - now + 999_999) / 1_000_000);
  }

  private void cancelTimers(Held h) {
    if (h.expiryTimer >= 0) {
      engine.vertx().cancelTimer(h.expiryTimer);
      h.expiryTimer = -1;
    }
    if (h.renewTimer >= 0) {
      engine.vertx().cancelTimer(h.renewTimer);
      h.renewTimer = -1;
    }
  }

  /** The usable time of the lease ran out before a renewal landed: the partition stops now. */
  private void expired(Held h) {
    h.expiryTimer = -1;
    if (held.get(h.partition) != h || stopped) {
      return;
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "could not renew the lease of partition "
            + h.partition
            + " ("
            + h.failures
            + " failures); stopping it before the lease expires");
    giveUp(h.partition, false);
  }

  /**
   * Renews {@code h}'s lease. A CONFLICT means its token is stale: either a renewal whose answer
   * was lost took effect, or another owner holds it; an acquire as the same owner tells them apart.
   * Any other failure leaves the lease in doubt and is tried again sooner while it is usable.
   */
  private void renew(Held h) {
    h.renewTimer = -1;
    if (held.get(h.partition) != h || stopped || h.renewing) {
      return;
    }
    h.renewing = true;
    long sent = System.nanoTime();
    store
        .renew(h.lease, duration)
        .recover(
            t ->
                StoreException.is(t, StoreException.Reason.CONFLICT)
                    ? store.acquire(h.partition, engine.engineId(), duration)
                    : Future.failedFuture(t))
        .onComplete(
            ar -> {
              h.renewing = false;
              if (held.get(h.partition) != h || stopped) {
                return; // given up meanwhile: a late renewal does not revive it
              }
              if (ar.succeeded()) {
                granted(h, ar.result(), sent);
              } else if (StoreException.is(ar.cause(), StoreException.Reason.CONFLICT)) {
                LOG.log(
                    System.Logger.Level.WARNING,
                    "lost the lease of partition " + h.partition + "; stopping it",
                    LogSafe.thrown(ar.cause()));
                giveUp(h.partition, false);
              } else {
                retryLater(h, ar.cause());
              }
            });
  }

  private void retryLater(Held h, Throwable cause) {
    h.failures++;
    long now = System.nanoTime();
    long retryAt = now + renewInterval.toNanos() / RETRIES_PER_INTERVAL;
    LOG.log(
        h.failures == 1 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
        "renewing the lease of partition "
            + h.partition
            + " failed ("
            + cause
            + "); it stays usable for "
            + Math.max(0, (h.usableUntil - now) / 1_000_000)
            + " ms");
    if (retryAt < h.usableUntil) {
      h.renewTimer = engine.vertx().setTimer(millisUntil(retryAt, now), id -> renew(h));
    }
  }

  private Future<Void> giveUp(int partition, boolean release) {
    Held h = held.remove(partition);
    Lease lease = h == null ? null : h.lease;
    if (h != null) {
      cancelTimers(h);
    }
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
