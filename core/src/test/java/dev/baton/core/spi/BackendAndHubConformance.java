package dev.baton.core.spi;

import static dev.baton.core.spi.ConformanceData.LARGE;
import static dev.baton.core.spi.ConformanceData.controlMessage;
import static dev.baton.core.spi.ConformanceData.jsonText;
import static dev.baton.core.spi.ConformanceData.numberOf;
import static dev.baton.core.spi.ConformanceData.numberedEvents;
import static dev.baton.core.spi.ConformanceData.sparseRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.StoreException.Reason;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rules of {@link Backend} and {@link TaskHubStore}. */
abstract class BackendAndHubConformance extends ConformanceSupport {

  private static final ActivityWorkItem WORK = new ActivityWorkItem("i", "e", 1, "a", "1");

  /** Writes one item to every store of {@code hub}. */
  private void writeEverything(TaskHubStore hub) {
    var q = hub.controlQueue(0);
    var work = hub.workItemQueue();
    var history = hub.history();
    var instances = hub.instances();
    var leases = hub.leases();
    var payloads = hub.payloads();
    call(() -> q.send(List.of(controlMessage(1)), Duration.ZERO));
    call(() -> work.send(List.of(WORK), Duration.ZERO));
    call(() -> history.append("inst", null, numberedEvents(0, 2)));
    call(() -> instances.insert(sparseRecord("inst")));
    call(() -> leases.acquire(0, "owner", units(30)));
    call(() -> payloads.put("payload", Buffer.buffer("bytes")));
  }

  @Test
  void backendRule1_openAnswersWithAFutureWithoutBlocking() {
    String name = BackendConformanceTest.newHubName();
    TaskHubStore hub = openHub(name, 4);
    assertEquals(name, hub.name());
  }

  @Test
  void backendRule2_openCreatesTheHubWithTheGivenPartitionCount() {
    String name = BackendConformanceTest.newHubName();
    TaskHubStore hub = openHub(name, 3);
    assertEquals(name, hub.name());
    assertEquals(3, hub.partitionCount());
    TaskHubStore again = openHub(name, 3);
    assertEquals(3, again.partitionCount(), "opening it again with the same count works");
  }

  @Test
  void backendRule2_openingAHubWithAnotherPartitionCountConflictsNamingBothCounts() {
    String name = BackendConformanceTest.newHubName();
    openHub(name, 3);
    var e = failure(Reason.CONFLICT, () -> backend().open(vertx(), name, 7));
    assertTrue(
        e.getMessage().contains("3") && e.getMessage().contains("7"),
        "the message names both counts: " + e.getMessage());
    assertEquals(3, openHub(name, 3).partitionCount(), "the hub is unchanged");
  }

  @Test
  void backendRule3_aHubNameTheStoreCannotHoldIsAnInvalidKey() {
    for (String bad : List.of("bad name!", "")) {
      var e = failure(Reason.INVALID_KEY, () -> backend().open(vertx(), bad, 4));
      assertFalse(e.getMessage().isBlank(), "the message says which names are valid");
    }
  }

  @Test
  void hubRule1_everyPartitionHasItsOwnControlQueueAndNoOtherIndexHasOne() {
    TaskHubStore hub = openHub(BackendConformanceTest.newHubName(), 3);
    for (int p = 0; p < 3; p++) {
      var q = hub.controlQueue(p);
      var m = controlMessage(p);
      call(() -> q.send(List.of(m), Duration.ZERO));
    }
    for (int p = 0; p < 3; p++) {
      var q = hub.controlQueue(p);
      var got = call(() -> q.receive(32, units(30)));
      assertEquals(List.of(p), got.stream().map(d -> numberOf(d.message())).toList());
    }
    assertThrows(IndexOutOfBoundsException.class, () -> hub.controlQueue(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> hub.controlQueue(3));
  }

  @Test
  void hubRule2_twoHandlesOnOneHubSeeTheSameData() {
    String name = BackendConformanceTest.newHubName();
    TaskHubStore one = openHub(name, 2);
    TaskHubStore two = openHub(name, 2);
    writeEverything(one);

    var q = two.controlQueue(0);
    var work = two.workItemQueue();
    var got = call(() -> q.receive(32, units(30)));
    assertEquals(List.of(controlMessage(1)), got.stream().map(Delivery::message).toList());
    call(() -> q.delete(got.get(0)));
    assertEquals(0L, call(() -> one.controlQueue(0).approximateCount()), "the delete is shared");
    assertEquals(
        List.of(WORK),
        call(() -> work.receive(32, units(30))).stream().map(Delivery::message).toList());
    assertEquals(numberedEvents(0, 2), call(() -> two.history().load("inst")).events());
    assertEquals(sparseRecord("inst"), call(() -> two.instances().get("inst")).value());
    assertEquals("owner", call(() -> two.leases().list()).get(0).owner());
    failure(Reason.CONFLICT, () -> two.leases().acquire(0, "other", units(30)));
    assertEquals("bytes", call(() -> two.payloads().get("payload")).toString());
  }

  @Test
  void hubRule3_closeReleasesTheHandleAndKeepsTheData() {
    String name = BackendConformanceTest.newHubName();
    TaskHubStore first = openHub(name, 2);
    writeEverything(first);
    call(first::close);

    TaskHubStore reopened = openHub(name, 2);
    assertEquals(1L, call(() -> reopened.controlQueue(0).approximateCount()));
    assertEquals(1L, call(() -> reopened.workItemQueue().approximateCount()));
    assertEquals(2, call(() -> reopened.history().load("inst")).events().size());
    assertEquals(sparseRecord("inst"), call(() -> reopened.instances().get("inst")).value());
    assertEquals(1, call(() -> reopened.leases().list()).size());
    assertEquals("bytes", call(() -> reopened.payloads().get("payload")).toString());
  }

  @Test
  void hubRule3_deleteRemovesTheHubsData() {
    String name = BackendConformanceTest.newHubName();
    TaskHubStore doomed = openHub(name, 4);
    writeEverything(doomed);
    call(doomed::delete);

    TaskHubStore fresh = openHub(name, 2);
    assertEquals(2, fresh.partitionCount(), "the deleted hub's partition count is gone too");
    assertEquals(0L, call(() -> fresh.controlQueue(0).approximateCount()));
    assertEquals(0L, call(() -> fresh.workItemQueue().approximateCount()));
    assertEquals(StoredHistory.EMPTY, call(() -> fresh.history().load("inst")));
    assertNull(call(() -> fresh.instances().get("inst")));
    assertEquals(List.of(), call(() -> fresh.leases().list()));
    failure(Reason.NOT_FOUND, () -> fresh.payloads().get("payload"));
  }

  /** A payload store that counts the calls it passes on. */
  private static final class CountingPayloads implements PayloadStore {
    private final PayloadStore inner;
    private final AtomicInteger puts = new AtomicInteger();
    private final AtomicInteger gets = new AtomicInteger();

    CountingPayloads(PayloadStore inner) {
      this.inner = inner;
    }

    @Override
    public Future<Void> put(String name, Buffer data) {
      puts.incrementAndGet();
      return inner.put(name, data);
    }

    @Override
    public Future<Buffer> get(String name) {
      gets.incrementAndGet();
      return inner.get(name);
    }

    @Override
    public Future<Boolean> delete(String name) {
      return inner.delete(name);
    }
  }

  @Test
  void hubRule4_aHubWithRoutedPayloadsIsTheSameHubAndOffloadsThroughTheStoreGiven() {
    TaskHubStore hub = hub();
    var counted = new CountingPayloads(hub.payloads());
    TaskHubStore routed = hub.withPayloads(counted);
    assertSame(counted, routed.payloads());
    assertEquals(hub.name(), routed.name());
    assertEquals(hub.partitionCount(), routed.partitionCount());

    var large = new HistoryEvent.TaskCompleted(ConformanceData.T0, 1, jsonText(LARGE, 5));
    call(() -> routed.history().append("routed", null, List.of(large)));
    assertEquals(List.of(large), call(() -> hub.history().load("routed")).events());
    int gets = counted.gets.get();
    assertEquals(List.of(large), call(() -> routed.history().load("routed")).events());
    boolean offloads = suite().offloadsLargePayloads();
    assertEquals(offloads, counted.puts.get() > 0, "the large event's upload went through it");
    assertEquals(offloads, counted.gets.get() > gets, "so did its download");

    call(() -> routed.payloads().put("routed-payload", Buffer.buffer("bytes")));
    assertEquals("bytes", call(() -> hub.payloads().get("routed-payload")).toString());
    assertThrows(NullPointerException.class, () -> hub.withPayloads(null));
  }
}
