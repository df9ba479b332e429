package dev.baton.storage.azure;

import static dev.baton.storage.azure.Await.result;
import static dev.baton.storage.azure.Await.storeFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.ActivityWorkItem;
import dev.baton.core.spi.InstanceFilter;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.Page;
import dev.baton.core.spi.StoreException.Reason;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.azure.testing.Azurite;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Keys, queries, queues, leases and payloads of the Azure task hub, on Azurite. */
@ExtendWith({VertxExtension.class, AzuriteExtension.class})
class AzureStoresTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

  private AzureBackend backend;
  private TaskHubStore hub;
  private String hubName;
  private String connectionString;

  @BeforeEach
  void open(Vertx vertx, Azurite azurite) {
    connectionString = azurite.connectionString();
    backend = AzureBackend.create(new AzureStorageOptions().setConnectionString(connectionString));
    hubName = Await.hubName();
    hub = result(backend.open(vertx, hubName, 1));
  }

  @AfterEach
  void delete(Vertx vertx) {
    result(hub.delete());
    result(backend.close());
  }

  private static InstanceRecord record(String id, RuntimeStatus status, Instant created) {
    return new InstanceRecord(
        id, "orch", "v1", "exec", status, "\"in\"", null, null, null, created, created, null, null);
  }

  @Test
  void instanceIdsAzureCannotKeyAreRejectedWithAClearError() {
    var now = Instant.now();
    for (String id : List.of("", "x".repeat(513), "?".repeat(257))) {
      var e =
          storeFailure(
              hub.instances().insert(record(id, RuntimeStatus.PENDING, now)), Reason.INVALID_KEY);
      assertTrue(e.getMessage().contains("cannot be an Azure Table key"), e.toString());
      storeFailure(hub.history().load(id), Reason.INVALID_KEY);
      storeFailure(hub.history().append(id, null, List.of()), Reason.INVALID_KEY);
    }
    String odd = "@counter@ключ 'quoted' %20 .. ~!$&*()";
    result(hub.instances().insert(record(odd, RuntimeStatus.PENDING, now)));
    assertEquals(odd, result(hub.instances().get(odd)).value().instanceId());
    var event = new HistoryEvent.OrchestratorStarted(T0);
    result(hub.history().append(odd, null, List.of(event)));
    assertEquals(List.of(event), result(hub.history().load(odd)).events());
  }

  @Test
  void anInstanceRowReadsBackEqualWithItsEtagRules() {
    var failure =
        new FailureDetails(
            "java.lang.IllegalStateException",
            "boom",
            "at x",
            new FailureDetails("c", null, null, null));
    var r =
        new InstanceRecord(
            "row",
            "orch",
            null,
            "e1",
            RuntimeStatus.FAILED,
            null,
            "\"out\"",
            "{\"s\":1}",
            failure,
            T0,
            T0.plusNanos(1),
            T0.plusSeconds(5),
            "parent");
    String etag = result(hub.instances().insert(r));
    storeFailure(hub.instances().insert(r), Reason.ALREADY_EXISTS);
    var read = result(hub.instances().get("row"));
    assertEquals(r, read.value());
    assertEquals(etag, read.etag());
    var next = r.withProgress(RuntimeStatus.RUNNING, null, null, null, T0.plusSeconds(9));
    String etag2 = result(hub.instances().update(next, etag));
    assertNotEquals(etag, etag2);
    storeFailure(hub.instances().update(next, etag), Reason.CONFLICT);
    assertEquals(next, result(hub.instances().get("row")).value());
    result(hub.instances().update(r, null));
    assertTrue(result(hub.instances().delete("row")));
    assertNull(result(hub.instances().get("row")));
    storeFailure(hub.instances().update(r, etag2), Reason.CONFLICT);
    assertFalse(result(hub.instances().delete("row")));
  }

  @Test
  void aHostilePrefixMatchesLiterallyAndInjectsNothing() {
    String hostile = "a' or PartitionKey ne '";
    for (String id : List.of("a1", "b1", hostile + "x", "a'", "zz")) {
      result(hub.instances().insert(record(id, RuntimeStatus.RUNNING, T0)));
    }
    var page =
        result(hub.instances().query(new InstanceFilter(Set.of(), null, null, hostile), 100, null));
    assertEquals(
        List.of(hostile + "x"), page.items().stream().map(InstanceRecord::instanceId).toList());
    page = result(hub.instances().query(new InstanceFilter(Set.of(), null, null, "a'"), 100, null));
    assertEquals(
        List.of("a'", hostile + "x"),
        page.items().stream().map(InstanceRecord::instanceId).toList());
    page =
        result(
            hub.instances()
                .query(new InstanceFilter(Set.of(), null, null, "') or true or ('"), 100, null));
    assertTrue(page.items().isEmpty());
  }

  @Test
  void queriesFilterByStatusAndCreatedTimeAndPageInInstanceIdOrder() {
    for (int i = 0; i < 7; i++) {
      var status = i % 2 == 0 ? RuntimeStatus.COMPLETED : RuntimeStatus.RUNNING;
      result(hub.instances().insert(record("q" + i, status, T0.plusSeconds(i))));
    }
    var seen = new ArrayList<String>();
    String token = null;
    int pages = 0;
    do {
      Page<InstanceRecord> page = result(hub.instances().query(InstanceFilter.ALL, 3, token));
      assertTrue(page.items().size() <= 3);
      page.items().forEach(r -> seen.add(r.instanceId()));
      token = page.continuation();
      pages++;
    } while (token != null);
    assertEquals(List.of("q0", "q1", "q2", "q3", "q4", "q5", "q6"), seen);
    assertEquals(3, pages);
    var filter =
        new InstanceFilter(
            Set.of(RuntimeStatus.COMPLETED), T0.plusSeconds(1), T0.plusSeconds(4), "q");
    var page = result(hub.instances().query(filter, 100, null));
    assertEquals(
        List.of("q2", "q4"), page.items().stream().map(InstanceRecord::instanceId).toList());
    assertNull(page.continuation());
  }

  @Test
  void queueDeliveriesFollowReceiptRules() {
    var queue = hub.workItemQueue();
    var item = new ActivityWorkItem("i", "e", 3, "act", "\"x\"");
    result(queue.send(List.of(item), Duration.ZERO));
    assertEquals(1L, result(queue.approximateCount()));
    var first = result(queue.receive(32, Duration.ofSeconds(30))).get(0);
    assertEquals(item, first.message());
    assertEquals(1, first.dequeueCount());
    assertTrue(result(queue.receive(32, Duration.ofSeconds(30))).isEmpty());
    var again = result(queue.updateVisibility(first, Duration.ZERO));
    assertNotEquals(first.receipt(), again.receipt());
    storeFailure(queue.delete(first), Reason.CONFLICT);
    var second = result(queue.receive(32, Duration.ofSeconds(30))).get(0);
    assertEquals(2, second.dequeueCount());
    assertEquals(first.messageId(), second.messageId());
    result(queue.delete(second));
    storeFailure(queue.delete(second), Reason.NOT_FOUND);
    assertEquals(0L, result(queue.approximateCount()));
  }

  @Test
  void aMessageThatCannotBeDecodedIsSetAsideWithItsText() {
    var raw =
        new com.azure.storage.queue.QueueClientBuilder()
            .connectionString(connectionString)
            .queueName(hubName.toLowerCase(java.util.Locale.ROOT) + "-control-00")
            .buildClient();
    raw.sendMessage("not a message {");
    var queue = hub.controlQueue(0);
    assertEquals(List.of(), result(queue.receive(32, Duration.ofSeconds(30))), "not delivered");
    var aside = result(queue.setAsideMessages(10));
    assertEquals(1, aside.size());
    assertNull(aside.get(0).message());
    assertEquals("not a message {", aside.get(0).text());
    assertTrue(aside.get(0).reason().startsWith("cannot be decoded"), aside.get(0).reason());
    assertEquals(1, aside.get(0).dequeueCount());
    assertEquals(0L, result(queue.approximateCount()), "taken out of the queue");
  }

  @Test
  void aDelayedMessageIsNotDeliveredEarly() {
    var queue = hub.workItemQueue();
    result(
        queue.send(List.of(new ActivityWorkItem("i", "e", 1, "a", null)), Duration.ofMillis(1500)));
    long sent = System.nanoTime();
    assertTrue(result(queue.receive(1, Duration.ofSeconds(30))).isEmpty());
    long deadline = sent + Duration.ofSeconds(20).toNanos();
    while (result(queue.receive(1, Duration.ofSeconds(30))).isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "the delayed message never came");
    }
    assertTrue(System.nanoTime() - sent >= Duration.ofMillis(1000).toNanos());
  }

  @Test
  void leasesExcludeOtherOwnersUntilReleased() {
    var leases = hub.leases();
    var a = result(leases.acquire(0, "engine-a", Duration.ofSeconds(30)));
    assertEquals("engine-a", a.owner());
    var e = storeFailure(leases.acquire(0, "engine-b", Duration.ofSeconds(30)), Reason.CONFLICT);
    assertTrue(e.getMessage().contains("engine-a"), e.toString());
    var renewed = result(leases.renew(a, Duration.ofSeconds(30)));
    storeFailure(leases.renew(a, Duration.ofSeconds(30)), Reason.CONFLICT);
    result(leases.release(a)); // stale token: a no-op
    storeFailure(leases.acquire(0, "engine-b", Duration.ofSeconds(30)), Reason.CONFLICT);
    result(leases.release(renewed));
    var b = result(leases.acquire(0, "engine-b", Duration.ofSeconds(30)));
    var listed = result(leases.list());
    assertEquals(1, listed.size());
    assertEquals("engine-b", listed.get(0).owner());
    assertEquals(b.token(), listed.get(0).token());
  }

  @Test
  void anExpiredLeaseCanBeTakenByAnotherOwner() {
    var leases = hub.leases();
    result(leases.acquire(0, "engine-a", Duration.ofMillis(200)));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      var attempt = leases.acquire(0, "engine-b", Duration.ofSeconds(30));
      try {
        assertEquals("engine-b", result(attempt).owner());
        break;
      } catch (AssertionError notYet) {
        assertTrue(System.nanoTime() < deadline, "the expired lease was never free");
      }
    }
  }

  @Test
  void payloadsReadBackExactly() {
    byte[] bytes = new byte[200_000];
    new java.util.Random(7).nextBytes(bytes);
    result(hub.payloads().put("state/one", Buffer.buffer(bytes)));
    assertEquals(Buffer.buffer(bytes), result(hub.payloads().get("state/one")));
    assertTrue(result(hub.payloads().delete("state/one")));
    assertFalse(result(hub.payloads().delete("state/one")));
    storeFailure(hub.payloads().get("state/one"), Reason.NOT_FOUND);
    storeFailure(hub.payloads().put("a/../b", Buffer.buffer()), Reason.INVALID_KEY);
  }
}
