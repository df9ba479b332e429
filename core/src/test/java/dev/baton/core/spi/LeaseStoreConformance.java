package dev.baton.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.spi.StoreException.Reason;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The rules of {@link LeaseStore}: two owners, {@code "a"} and {@code "b"}, compete. */
abstract class LeaseStoreConformance extends ConformanceSupport {

  /** How far the store's clock and the test's may disagree when judging a lease's end. */
  private static final Duration CLOCK_SLACK = Duration.ofSeconds(1);

  private Map<Integer, Lease> byPartition(LeaseStore leases) {
    return call(leases::list).stream()
        .collect(Collectors.toMap(Lease::partition, Function.identity()));
  }

  /** Tries to acquire until it succeeds; only CONFLICT answers count as "not yet". */
  private Lease acquireWhenFree(LeaseStore leases, int partition, String owner, Duration within) {
    return eventually(
        () ->
            leases
                .acquire(partition, owner, units(30))
                .recover(
                    t ->
                        StoreException.is(t, Reason.CONFLICT)
                            ? Future.succeededFuture(null)
                            : Future.failedFuture(t)),
        lease -> lease != null,
        within,
        owner + " to acquire partition " + partition);
  }

  @Test
  void rule1_acquireTakesAFreeLease() {
    var leases = hub().leases();
    Instant before = Instant.now();
    Lease lease = call(() -> leases.acquire(0, "a", units(30)));
    Instant after = Instant.now();
    assertEquals(0, lease.partition());
    assertEquals("a", lease.owner());
    assertNotNull(lease.token());
    assertFalse(lease.expiresAt().isBefore(before.plus(units(30)).minus(CLOCK_SLACK)));
    assertFalse(lease.expiresAt().isAfter(after.plus(units(30)).plus(CLOCK_SLACK)));
  }

  @Test
  void rule1_theOwnerOfALeaseMayAcquireItAgain() {
    var leases = hub().leases();
    call(() -> leases.acquire(0, "a", units(30)));
    Lease again = call(() -> leases.acquire(0, "a", units(30)));
    assertEquals("a", again.owner());
    Lease renewed = call(() -> leases.renew(again, units(30)));
    assertEquals("a", renewed.owner());
  }

  @Test
  void rule1_anotherOwnerConflictsWhileTheLeaseIsUnexpired() {
    var leases = hub().leases();
    Lease held = call(() -> leases.acquire(0, "a", units(30)));
    failure(Reason.CONFLICT, () -> leases.acquire(0, "b", units(30)));
    assertEquals(held, byPartition(leases).get(0), "the holder keeps it");
    Lease other = call(() -> leases.acquire(1, "b", units(30)));
    assertEquals("b", other.owner(), "partitions are leased separately");
  }

  @Test
  void rule1_anExpiredLeaseCanBeAcquiredByAnotherOwner() {
    var leases = hub().leases();
    call(() -> leases.acquire(1, "a", unit()));
    failure(Reason.CONFLICT, () -> leases.acquire(1, "b", units(30)));
    Lease taken = acquireWhenFree(leases, 1, "b", unit().plus(GRACE));
    assertEquals("b", taken.owner());
    assertEquals(1, taken.partition());
  }

  @Test
  void rule2_renewExtendsACurrentLease() {
    var leases = hub().leases();
    Lease lease = call(() -> leases.acquire(2, "a", units(2)));
    Lease renewed = call(() -> leases.renew(lease, units(30)));
    assertEquals(2, renewed.partition());
    assertEquals("a", renewed.owner());
    assertTrue(renewed.expiresAt().isAfter(lease.expiresAt()), "the lease lasts longer");
    assertNotEquals(lease.token(), renewed.token(), "a renew is a write: the ETag changes");
    assertEquals(renewed, byPartition(leases).get(2));
    failure(Reason.CONFLICT, () -> leases.renew(lease, units(30)));
  }

  @Test
  void rule2_renewAfterAnotherOwnerTookTheLeaseConflicts() {
    var leases = hub().leases();
    Lease lost = call(() -> leases.acquire(0, "a", unit()));
    Lease taken = acquireWhenFree(leases, 0, "b", unit().plus(GRACE));
    failure(Reason.CONFLICT, () -> leases.renew(lost, units(30)));
    assertEquals(taken, byPartition(leases).get(0), "the new owner keeps it");
  }

  @Test
  void rule3_releaseLetsAnotherOwnerAcquireAtOnce() {
    var leases = hub().leases();
    Lease lease = call(() -> leases.acquire(3, "a", units(30)));
    call(() -> leases.release(lease));
    Lease taken = call(() -> leases.acquire(3, "b", units(30)));
    assertEquals("b", taken.owner());
  }

  @Test
  void rule3_releaseWithAStaleTokenChangesNothing() {
    var leases = hub().leases();
    Lease old = call(() -> leases.acquire(3, "a", units(30)));
    call(() -> leases.release(old));
    Lease current = call(() -> leases.acquire(3, "b", units(30)));
    call(() -> leases.release(old));
    failure(Reason.CONFLICT, () -> leases.acquire(3, "a", units(30)));
    assertEquals(current, byPartition(leases).get(3));
    call(() -> leases.renew(current, units(30)));
  }

  @Test
  void rule4_listReturnsTheLeaseOfEveryPartitionEverLeasedExpiredOnesIncluded() {
    var leases = hub().leases();
    assertEquals(List.of(), call(leases::list));
    Lease held = call(() -> leases.acquire(0, "a", units(30)));
    Lease expiring = call(() -> leases.acquire(1, "b", unit()));
    Lease released = call(() -> leases.acquire(2, "a", units(30)));
    call(() -> leases.release(released));
    eventually(
        leases::list,
        l -> Instant.now().isAfter(expiring.expiresAt().plus(CLOCK_SLACK)),
        unit().plus(CLOCK_SLACK).plus(GRACE),
        "the lease of partition 1 to expire");

    var listed = byPartition(leases);
    assertEquals(java.util.Set.of(0, 1, 2), listed.keySet(), "partition 3 was never leased");
    assertEquals(held, listed.get(0));
    assertEquals(expiring, listed.get(1), "an expired lease is still listed");
    assertFalse(
        listed.get(2).expiresAt().isAfter(Instant.now().plus(CLOCK_SLACK)),
        "a released lease is listed as lapsed: " + listed.get(2));
  }

  @Test
  void rule5_noOtherOwnerGetsTheLeaseBeforeItExpiresByTheStoresClock() {
    var leases = hub().leases();
    Instant before = Instant.now();
    Lease lease = call(() -> leases.acquire(2, "a", units(2)));
    assertFalse(lease.expiresAt().isBefore(before.plus(units(2)).minus(CLOCK_SLACK)));
    Lease taken = acquireWhenFree(leases, 2, "b", units(2).plus(GRACE));
    Instant takenAt = Instant.now();
    assertFalse(
        takenAt.isBefore(lease.expiresAt().minus(unit().dividedBy(2))),
        "taken at " + takenAt + ", the lease ran until " + lease.expiresAt());
    assertEquals("b", taken.owner());
  }

  @Test
  void rule6_anAnnouncementListsItsOwnerOnceUntilItLapses() {
    var leases = hub().leases();
    assertEquals(List.of(), call(leases::owners));
    call(() -> leases.announce("a", units(30)));
    call(() -> leases.announce("a", units(30)));
    call(() -> leases.announce("b", unit()));
    List<String> both = call(leases::owners);
    assertTrue(both.contains("a"), "a was announced: " + both);
    assertEquals(1, both.stream().filter("a"::equals).count(), "listed once: " + both);
    List<String> later =
        eventually(
            leases::owners,
            l -> !l.contains("b"),
            unit().plus(CLOCK_SLACK).plus(GRACE),
            "the announcement of b to lapse");
    assertEquals(List.of("a"), later);
  }

  @Test
  void rule6_withdrawRemovesAnAnnouncementAtOnce() {
    var leases = hub().leases();
    call(() -> leases.announce("a", units(30)));
    call(() -> leases.announce("b", units(30)));
    call(() -> leases.withdraw("a"));
    call(() -> leases.withdraw("never-announced"));
    assertEquals(List.of("b"), call(leases::owners));
  }

  @Test
  void rule6_announcementsAndLeasesAreIndependent() {
    var leases = hub().leases();
    Lease lease = call(() -> leases.acquire(0, "holder", units(30)));
    assertEquals(List.of(), call(leases::owners), "holding a lease is no announcement");
    call(() -> leases.announce("holder", units(30)));
    call(() -> leases.withdraw("holder"));
    Lease renewed = call(() -> leases.renew(lease, units(30)));
    assertEquals("holder", renewed.owner(), "withdrawing leaves the leases alone");
  }
}
