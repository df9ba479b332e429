package dev.baton.storage.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.OrchestratorStarted;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.InstanceFilter;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.Lease;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.StoreException.Reason;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the memory backend adds to the SPI's rules: its clock, shared hubs, completed futures. */
class MemoryBackendTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final MemoryBackend backend = MemoryBackend.create(clock);

  /** The result of an already completed future: the memory backend never makes anyone wait. */
  private static <T> T done(Future<T> f) {
    assertTrue(f.isComplete(), "the memory backend answers with completed futures");
    if (f.failed()) {
      throw new AssertionError("failed: " + f.cause(), f.cause());
    }
    return f.result();
  }

  private static StoreException failed(Future<?> f, Reason reason) {
    assertTrue(f.isComplete() && f.failed(), "expected a failure " + reason);
    var e = assertInstanceOf(StoreException.class, f.cause());
    assertEquals(reason, e.reason(), e.getMessage());
    return e;
  }

  private TaskHubStore hub(String name) {
    return done(backend.open(null, name, 2));
  }

  private static ControlMessage message(int n) {
    return new ControlMessage("i" + n, null, new OrchestratorStarted(START));
  }

  @Test
  void aDelayedMessageBecomesDueWhenTheClockPassesItsDelay() {
    MessageQueue<ControlMessage> q = hub("delays").controlQueue(0);
    done(q.send(List.of(message(1)), Duration.ofHours(1)));
    assertEquals(List.of(), done(q.receive(10, Duration.ofSeconds(30))));
    clock.advance(Duration.ofHours(1).minusMillis(1));
    assertEquals(List.of(), done(q.receive(10, Duration.ofSeconds(30))), "1 ms early");
    clock.advance(Duration.ofMillis(1));
    var got = done(q.receive(10, Duration.ofSeconds(30)));
    assertEquals(List.of(message(1)), got.stream().map(d -> d.message()).toList());
    assertEquals(START, got.get(0).insertedAt(), "insertedAt is the clock's time of the send");
  }

  @Test
  void aVisibilityTimeoutLapsesWithTheClock() {
    var q = hub("visibility").controlQueue(1);
    done(q.send(List.of(message(1)), Duration.ZERO));
    var first = done(q.receive(10, Duration.ofSeconds(30))).get(0);
    clock.advance(Duration.ofSeconds(29));
    assertEquals(List.of(), done(q.receive(10, Duration.ofSeconds(30))));
    clock.advance(Duration.ofSeconds(1));
    var again = done(q.receive(10, Duration.ofSeconds(30))).get(0);
    assertEquals(first.messageId(), again.messageId());
    assertEquals(2, again.dequeueCount());
  }

  @Test
  void aMessageVisibleAgainCanBeDeletedWithItsLatestReceiptAndIsNotDeliveredAfter() {
    var q = hub("lapsed").controlQueue(0);
    done(q.send(List.of(message(1), message(2)), Duration.ZERO));
    var got = done(q.receive(10, Duration.ofSeconds(1)));
    clock.advance(Duration.ofSeconds(2));
    done(q.delete(got.get(0)));
    var again = done(q.receive(10, Duration.ofSeconds(30)));
    assertEquals(List.of(got.get(1).messageId()), again.stream().map(d -> d.messageId()).toList());
    assertEquals(1L, done(q.approximateCount()));
  }

  @Test
  void updatingTheVisibilityOfAVisibleMessageNeverDeliversItTwice() {
    var q = hub("twice").controlQueue(0);
    done(q.send(List.of(message(1)), Duration.ZERO));
    var d1 = done(q.receive(1, Duration.ofSeconds(1))).get(0);
    clock.advance(Duration.ofSeconds(2));
    var d2 = done(q.updateVisibility(d1, Duration.ZERO));
    assertEquals(1, done(q.receive(10, Duration.ofSeconds(1))).size(), "one delivery, not two");

    clock.advance(Duration.ofSeconds(2));
    failed(q.updateVisibility(d2, Duration.ZERO), Reason.CONFLICT);
    var d3 = done(q.receive(10, Duration.ofSeconds(1))).get(0);
    clock.advance(Duration.ofSeconds(2));
    done(q.updateVisibility(d3, Duration.ofSeconds(10)));
    assertEquals(List.of(), done(q.receive(10, Duration.ofSeconds(1))));
    clock.advance(Duration.ofSeconds(10));
    var back = done(q.receive(10, Duration.ofSeconds(1)));
    assertEquals(1, back.size());
    assertEquals(4, back.get(0).dequeueCount());
  }

  @Test
  void aLeaseLapsesWhenTheClockPassesItsEnd() {
    var leases = hub("leases").leases();
    Lease held = done(leases.acquire(0, "a", Duration.ofSeconds(30)));
    assertEquals(START.plusSeconds(30), held.expiresAt());
    clock.advance(Duration.ofSeconds(30).minusMillis(1));
    failed(leases.acquire(0, "b", Duration.ofSeconds(30)), Reason.CONFLICT);
    clock.advance(Duration.ofMillis(1));
    Lease taken = done(leases.acquire(0, "b", Duration.ofSeconds(30)));
    assertEquals("b", taken.owner());
    failed(leases.renew(held, Duration.ofSeconds(30)), Reason.CONFLICT);
  }

  @Test
  void anExpiredLeaseNobodyTookCanStillBeRenewed() {
    var leases = hub("renewal").leases();
    Lease held = done(leases.acquire(1, "a", Duration.ofSeconds(10)));
    clock.advance(Duration.ofMinutes(5));
    Lease renewed = done(leases.renew(held, Duration.ofSeconds(10)));
    assertEquals(START.plus(Duration.ofMinutes(5)).plusSeconds(10), renewed.expiresAt());
  }

  @Test
  void aReleasedLeaseIsListedAsLapsedAtItsRelease() {
    var leases = hub("released").leases();
    Lease held = done(leases.acquire(1, "a", Duration.ofSeconds(30)));
    clock.advance(Duration.ofSeconds(5));
    done(leases.release(held));
    Lease listed = done(leases.list()).get(0);
    assertEquals(START.plusSeconds(5), listed.expiresAt());
    assertEquals("b", done(leases.acquire(1, "b", Duration.ofSeconds(30))).owner());
  }

  @Test
  void enginesOnOneBackendShareItsHubsAndOtherBackendsDoNot() {
    TaskHubStore one = hub("shared");
    assertSame(one, done(backend.open(null, "shared", 2)));
    assertSame(one, done(backend.open(null, "SHARED", 2)), "names are case-insensitive");
    TaskHubStore elsewhere = done(MemoryBackend.create(clock).open(null, "shared", 2));
    assertNotSame(one, elsewhere);
    done(one.history().append("x", null, List.of(new OrchestratorStarted(START))));
    assertEquals(
        1, done(done(backend.open(null, "shared", 2)).history().load("x")).events().size());
    assertEquals(0, done(elsewhere.history().load("x")).events().size());
  }

  @Test
  void aDeletedHubFailsThroughOldHandlesAndOpensAgainEmpty() {
    TaskHubStore old = hub("doomed");
    var q = old.controlQueue(0);
    done(q.send(List.of(message(1)), Duration.ZERO));
    done(old.delete());
    failed(q.send(List.of(message(2)), Duration.ZERO), Reason.NOT_FOUND);
    failed(old.history().load("x"), Reason.NOT_FOUND);
    failed(old.instances().get("x"), Reason.NOT_FOUND);
    failed(old.leases().list(), Reason.NOT_FOUND);
    failed(old.payloads().get("x"), Reason.NOT_FOUND);
    TaskHubStore fresh = done(backend.open(null, "doomed", 3));
    assertEquals(0L, done(fresh.controlQueue(0).approximateCount()));
  }

  @Test
  void partitionCountsOutsideOneToSixteenAreRejected() {
    for (int count : new int[] {0, 17}) {
      Future<TaskHubStore> f = backend.open(null, "counts", count);
      assertTrue(f.failed());
      assertInstanceOf(IllegalArgumentException.class, f.cause());
    }
    assertEquals(16, done(backend.open(null, "counts", 16)).partitionCount());
  }

  @Test
  void aLoadedHistoryIsASnapshotLaterAppendsDoNotChange() {
    var history = hub("snapshots").history();
    HistoryEvent e0 = new OrchestratorStarted(START);
    String etag = done(history.append("i", null, List.of(e0)));
    var before = done(history.load("i"));
    for (int i = 1; i <= 100; i++) {
      etag =
          done(history.append("i", etag, List.of(new OrchestratorStarted(START.plusSeconds(i)))));
    }
    assertEquals(List.of(e0), before.events());
    assertThrows(UnsupportedOperationException.class, () -> before.events().add(e0));
    var after = done(history.load("i"));
    assertEquals(101, after.events().size());
    assertEquals(START.plusSeconds(100), after.events().get(100).timestamp());
  }

  @Test
  void anAppendFromAnOlderSnapshotNeverOverwritesTheNewerOne() {
    var history = hub("forks").history();
    String e1 = done(history.append("i", null, List.of(new OrchestratorStarted(START))));
    String e2 =
        done(history.append("i", e1, List.of(new OrchestratorStarted(START.plusSeconds(1)))));
    failed(
        history.append("i", e1, List.of(new OrchestratorStarted(START.plusSeconds(9)))),
        Reason.CONFLICT);
    done(history.replace("i", e2, List.of(new OrchestratorStarted(START.plusSeconds(2)))));
    var loaded = done(history.load("i"));
    assertEquals(List.of(new OrchestratorStarted(START.plusSeconds(2))), loaded.events());
  }

  @Test
  void aDeletedHistoryTakesNoMoreAppendsFromItsLastEtagAndCanBeStartedAgain() {
    var history = hub("deletes").history();
    String e1 = done(history.append("i", null, List.of(new OrchestratorStarted(START))));
    assertTrue(done(history.delete("i")));
    assertEquals(false, done(history.delete("i")));
    failed(history.append("i", e1, List.of(new OrchestratorStarted(START))), Reason.CONFLICT);
    assertTrue(done(history.load("i")).events().isEmpty());
    String e2 =
        done(history.append("i", null, List.of(new OrchestratorStarted(START.plusSeconds(1)))));
    assertNotSame(e1, e2);
    assertEquals(1, done(history.load("i")).events().size());
  }

  @Test
  void anAppendRacingADeleteEitherLandsBeforeItOrFails() throws Exception {
    var history = hub("races").history();
    int rounds = 5_000;
    var unexpected = new java.util.concurrent.ConcurrentLinkedQueue<Throwable>();
    var lostAfterDelete = new java.util.concurrent.atomic.AtomicInteger();
    for (int round = 0; round < rounds; round++) {
      String id = "i" + round;
      String etag = done(history.append(id, null, List.of(new OrchestratorStarted(START))));
      var start = new java.util.concurrent.CountDownLatch(1);
      var appender =
          Thread.ofPlatform()
              .start(
                  () -> {
                    awaitQuietly(start);
                    var f = history.append(id, etag, List.of(new OrchestratorStarted(START)));
                    if (f.failed()
                        && !(f.cause() instanceof StoreException se
                            && se.reason() == Reason.CONFLICT)) {
                      unexpected.add(f.cause());
                    }
                  });
      start.countDown();
      boolean deleted = done(history.delete(id));
      appender.join();
      assertTrue(deleted, "the history was there to delete");
      // whichever came first, nothing is left: an append that succeeded came before the delete
      if (!done(history.load(id)).events().isEmpty()) {
        lostAfterDelete.incrementAndGet();
      }
    }
    assertEquals(0, lostAfterDelete.get(), "histories left after their delete");
    assertEquals(List.of(), List.copyOf(unexpected), "an append fails only with CONFLICT");
  }

  private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aForeignContinuationTokenIsRejected() {
    var instances = hub("tokens").instances();
    var f = instances.query(dev.baton.core.spi.InstanceFilter.ALL, 10, "not base64 ***");
    assertTrue(f.failed());
    assertInstanceOf(IllegalArgumentException.class, f.cause());
    assertNull(done(instances.get("nobody")));
  }

  @Test
  void queriesSeeEveryRowCreatedSinceTheLastOneInIdOrderAndNoDeletedRow() {
    var instances = hub("index").instances();
    for (String id : List.of("c", "a", "b")) {
      done(instances.insert(row(id)));
    }
    assertEquals(List.of("a", "b", "c"), ids(instances, 100));
    done(instances.insert(row("d")));
    done(instances.delete("b"));
    done(instances.update(row("e"), null)); // an unconditional write creates a row too
    done(instances.delete("a"));
    done(instances.insert(row("a"))); // deleted and created again: listed once
    done(instances.insert(row("f")));
    done(instances.delete("f")); // created and deleted between two queries: not listed
    assertEquals(List.of("a", "c", "d", "e"), ids(instances, 100));
    assertEquals(List.of("a", "c", "d", "e"), ids(instances, 1), "paged one at a time");
    done(instances.delete("c"));
    assertEquals(List.of("a", "d", "e"), ids(instances, 2));
  }

  private static List<String> ids(dev.baton.core.spi.InstanceStore instances, int pageSize) {
    var out = new java.util.ArrayList<String>();
    String continuation = null;
    do {
      var page = done(instances.query(InstanceFilter.ALL, pageSize, continuation));
      page.items().forEach(r -> out.add(r.instanceId()));
      continuation = page.continuation();
    } while (continuation != null);
    return out;
  }

  private static InstanceRecord row(String id) {
    return new InstanceRecord(
        id,
        "o",
        null,
        "e-" + id,
        RuntimeStatus.RUNNING,
        null,
        null,
        null,
        null,
        START,
        START,
        null,
        null,
        null);
  }
}
