package dev.baton.storage.memory;

import dev.baton.core.spi.Lease;
import dev.baton.core.spi.LeaseStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Partition leases judged by the backend's clock. A lease's token is the ETag of its last write:
 * acquire, renew and release each write a new one. A released lease stays listed, lapsed at the
 * moment of its release. Announcements are kept until they lapse. Lease calls are rare (a few per
 * partition every few seconds), so one lock guards them all.
 */
final class MemoryLeaseStore implements LeaseStore {

  private final HubState hub;
  private final int partitionCount;
  private final ReentrantLock lock = new ReentrantLock();
  private final TreeMap<Integer, Lease> leases = new TreeMap<>();
  private final HashMap<String, Instant> announcements = new HashMap<>();

  MemoryLeaseStore(HubState hub, int partitionCount) {
    this.hub = hub;
    this.partitionCount = partitionCount;
  }

  @Override
  public Future<Lease> acquire(int partition, String owner, Duration duration) {
    Objects.requireNonNull(owner, "owner");
    if (partition < 0 || partition >= partitionCount) {
      return HubState.invalid(
          "partition " + partition + " is out of range 0.." + (partitionCount - 1));
    }
    if (hub.isDeleted()) {
      return hub.gone();
    }
    Instant now = hub.clock().instant();
    lock.lock();
    try {
      Lease current = leases.get(partition);
      if (current != null && !current.owner().equals(owner) && current.expiresAt().isAfter(now)) {
        return HubState.conflict(
            "partition "
                + partition
                + " is leased by '"
                + current.owner()
                + "' until "
                + current.expiresAt());
      }
      var lease = new Lease(partition, owner, hub.nextEtag(), now.plus(duration));
      leases.put(partition, lease);
      return Future.succeededFuture(lease);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Future<Lease> renew(Lease lease, Duration duration) {
    Objects.requireNonNull(lease, "lease");
    if (hub.isDeleted()) {
      return hub.gone();
    }
    Instant now = hub.clock().instant();
    lock.lock();
    try {
      Lease current = leases.get(lease.partition());
      if (current == null || !current.token().equals(lease.token())) {
        return HubState.conflict(
            "the lease of partition "
                + lease.partition()
                + " held by '"
                + lease.owner()
                + "' was lost"
                + (current == null ? "" : "; it now belongs to '" + current.owner() + "'"));
      }
      var renewed =
          new Lease(lease.partition(), current.owner(), hub.nextEtag(), now.plus(duration));
      leases.put(lease.partition(), renewed);
      return Future.succeededFuture(renewed);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Future<Void> release(Lease lease) {
    Objects.requireNonNull(lease, "lease");
    if (hub.isDeleted()) {
      return hub.gone();
    }
    Instant now = hub.clock().instant();
    lock.lock();
    try {
      Lease current = leases.get(lease.partition());
      if (current != null && current.token().equals(lease.token())) {
        Instant lapsed = current.expiresAt().isBefore(now) ? current.expiresAt() : now;
        leases.put(
            lease.partition(),
            new Lease(lease.partition(), current.owner(), hub.nextEtag(), lapsed));
      }
      return Future.succeededFuture();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Future<List<Lease>> list() {
    if (hub.isDeleted()) {
      return hub.gone();
    }
    lock.lock();
    try {
      return Future.succeededFuture(List.copyOf(leases.values()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Future<Void> announce(String owner, Duration duration) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(duration, "duration");
    if (hub.isDeleted()) {
      return hub.gone();
    }
    Instant until = hub.clock().instant().plus(duration);
    lock.lock();
    try {
      announcements.put(owner, until);
      return Future.succeededFuture();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Future<Void> withdraw(String owner) {
    Objects.requireNonNull(owner, "owner");
    if (hub.isDeleted()) {
      return hub.gone();
    }
    lock.lock();
    try {
      announcements.remove(owner);
      return Future.succeededFuture();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Future<List<String>> owners() {
    if (hub.isDeleted()) {
      return hub.gone();
    }
    Instant now = hub.clock().instant();
    lock.lock();
    try {
      announcements.values().removeIf(until -> !until.isAfter(now));
      return Future.succeededFuture(new ArrayList<>(announcements.keySet()));
    } finally {
      lock.unlock();
    }
  }

  /** Drops every lease and announcement; the hub was deleted. */
  void clear() {
    lock.lock();
    try {
      leases.clear();
      announcements.clear();
    } finally {
      lock.unlock();
    }
  }
}
