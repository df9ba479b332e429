package dev.baton.core.spi;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * Partition leases: at any time at most one owner holds a partition. Owners also announce
 * themselves, so that an engine holding no partition yet is counted when the partitions are shared
 * out.
 *
 * <ol>
 *   <li>MUST: {@link #acquire} succeeds when the partition's lease is free, expired, released or
 *       already held by the same owner, and fails with {@link StoreException.Reason#CONFLICT} while
 *       another owner holds an unexpired lease.
 *   <li>MUST: {@link #renew} extends a lease only when its token is current and it has not been
 *       taken by another owner, else fails with {@link StoreException.Reason#CONFLICT}.
 *   <li>MUST: {@link #release} frees the lease when its token is current (a stale token is a
 *       no-op), so another owner can acquire it at once.
 *   <li>MUST: {@link #list} returns the current lease of every partition that has ever been leased,
 *       expired ones included.
 *   <li>MUST: expiry is judged by the store's clock; an owner must stop processing a partition
 *       before its lease expires by its own clock.
 *   <li>MUST: {@link #announce} records that an owner is alive for {@code duration} by the store's
 *       clock (a later announcement replaces an earlier one); {@link #owners} lists every owner
 *       whose announcement has not lapsed, each once, and none whose announcement lapsed or was
 *       {@link #withdraw withdrawn}. Announcements are independent of partition leases.
 * </ol>
 */
public interface LeaseStore {

  /** Takes the lease of {@code partition} for {@code owner} for {@code duration} (rule 1). */
  Future<Lease> acquire(int partition, String owner, Duration duration);

  /** Extends a held lease by {@code duration} from now (rule 2). */
  Future<Lease> renew(Lease lease, Duration duration);

  /** Gives a lease up (rule 3). */
  Future<Void> release(Lease lease);

  /** Every partition's current lease (rule 4). */
  Future<List<Lease>> list();

  /** Announces that {@code owner} is alive for {@code duration} from now (rule 6). */
  Future<Void> announce(String owner, Duration duration);

  /** Withdraws {@code owner}'s announcement; withdrawing an absent one is a no-op (rule 6). */
  Future<Void> withdraw(String owner);

  /** The owners whose announcements have not lapsed, in no particular order (rule 6). */
  Future<List<String>> owners();
}
