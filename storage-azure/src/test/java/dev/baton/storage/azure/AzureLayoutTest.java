package dev.baton.storage.azure;

import static dev.baton.storage.azure.Await.result;
import static dev.baton.storage.azure.Await.storeFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.models.BlobItem;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.StoreException.Reason;
import dev.baton.storage.azure.impl.TaskHubNames;
import dev.baton.storage.azure.testing.Azurite;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The task hub's layout in Azure Storage, checked by reading Azurite with the raw SDK. */
class AzureLayoutTest extends RawHubTest {

  private List<TableEntity> rows(String table, String instanceId) {
    return raw.tables()
        .getTableClient(table)
        .listEntities(new ListEntitiesOptions().setFilter("PartitionKey eq '" + instanceId + "'"))
        .collectList()
        .block();
  }

  private List<String> blobs(String container) {
    return raw.blobs()
        .getBlobContainerAsyncClient(container)
        .listBlobs()
        .map(BlobItem::getName)
        .collectList()
        .block();
  }

  private static InstanceRecord record(String id, String input) {
    Instant now = Instant.parse("2026-01-02T03:04:05.123456789Z");
    return new InstanceRecord(
        id,
        "orch",
        null,
        "exec-1",
        RuntimeStatus.RUNNING,
        input,
        null,
        null,
        null,
        now,
        now,
        null,
        null);
  }

  private static List<HistoryEvent> events(int n) {
    var events = new ArrayList<HistoryEvent>();
    Instant t = Instant.parse("2026-01-02T03:04:05Z");
    for (int i = 0; i < n; i++) {
      events.add(new HistoryEvent.TaskScheduled(t.plusSeconds(i), i, "act", "\"in " + i + "\""));
    }
    return events;
  }

  @Test
  void openCreatesTheDurableFunctionsTablesQueuesAndContainers() {
    String hubName = hub.name();
    Set<String> tables =
        raw.tables().listTables().map(t -> t.getName()).collect(Collectors.toSet()).block();
    assertTrue(tables.contains(hubName + "History"), tables.toString());
    assertTrue(tables.contains(hubName + "Instances"), tables.toString());
    String lower = hubName.toLowerCase();
    for (String q : List.of("-control-00", "-control-01", "-workitems")) {
      assertNotNull(raw.queues().getQueueAsyncClient(lower + q).getProperties().block(), q);
    }
    Set<String> containers =
        raw.blobs().listBlobContainers().map(c -> c.getName()).collect(Collectors.toSet()).block();
    assertTrue(containers.contains(lower + "-leases"), containers.toString());
    assertTrue(containers.contains(lower + "-largemessages"), containers.toString());
    assertTrue(blobs(lower + "-leases").contains("taskhub.json"));
  }

  @Test
  void reopeningWithAnotherPartitionCountIsAConflictThatNamesBothCounts(
      Vertx vertx, Azurite azurite) {
    var backend =
        AzureBackend.create(
            new AzureStorageOptions().setConnectionString(azurite.connectionString()));
    var e = storeFailure(backend.open(vertx, hub.name(), 3), Reason.CONFLICT);
    assertTrue(
        e.getMessage().contains("2 partitions") && e.getMessage().contains("3"), e.toString());
    assertEquals(2, result(backend.open(vertx, hub.name(), 2)).partitionCount());
  }

  @Test
  void hubNamesAzureCannotHoldAreInvalidKeys(Vertx vertx, Azurite azurite) {
    var backend =
        AzureBackend.create(
            new AzureStorageOptions().setConnectionString(azurite.connectionString()));
    for (String bad : List.of("ab", "1hub", "my-hub", "my_hub", "hub!", "x".repeat(46))) {
      var e = storeFailure(backend.open(vertx, bad, 1), Reason.INVALID_KEY);
      assertTrue(e.getMessage().contains("letters and digits"), e.toString());
    }
  }

  @Test
  void aMissingHubIsNotFoundWithoutCreateIfNotExists(Vertx vertx, Azurite azurite) {
    var backend =
        AzureBackend.create(
            new AzureStorageOptions()
                .setConnectionString(azurite.connectionString())
                .setCreateIfNotExists(false));
    storeFailure(backend.open(vertx, Await.hubName(), 1), Reason.NOT_FOUND);
    assertEquals(2, result(backend.open(vertx, hub.name(), 2)).partitionCount());
  }

  @Test
  void historyRowsAreKeyedBySixteenHexDigitsWithOneSentinel() {
    result(hub.history().append("inst-1", null, events(3)));
    List<TableEntity> rows = rows(names.historyTable(), "inst-1");
    assertEquals(
        List.of("0000000000000000", "0000000000000001", "0000000000000002", "sentinel"),
        rows.stream().map(TableEntity::getRowKey).toList());
    assertEquals("TaskScheduled", rows.get(0).getProperty("EventType"));
    assertEquals(3L, ((Number) rows.get(3).getProperty("Committed")).longValue());
  }

  @Test
  void anAppendOf250EventsIsSplitIntoTransactionsAndReadsBackInOrder() {
    List<HistoryEvent> events = events(250);
    String etag = result(hub.history().append("long", null, events.subList(0, 10)));
    result(hub.history().append("long", etag, events.subList(10, 250)));
    var loaded = result(hub.history().load("long"));
    assertEquals(events, loaded.events());
    var rows = rows(names.historyTable(), "long");
    assertEquals(251, rows.size());
    assertEquals("00000000000000F9", rows.get(249).getRowKey());
    // the next append, with the ETag from the load, goes on after them
    result(hub.history().append("long", loaded.etag(), events(1)));
    assertEquals(251, result(hub.history().load("long")).events().size());
  }

  @Test
  void anAppendWithAStaleEtagIsAConflictAndWritesNothing() {
    String first = result(hub.history().append("race", null, events(2)));
    String second = result(hub.history().append("race", first, events(1)));
    storeFailure(hub.history().append("race", first, events(5)), Reason.CONFLICT);
    storeFailure(hub.history().append("race", null, events(5)), Reason.CONFLICT);
    var loaded = result(hub.history().load("race"));
    assertEquals(3, loaded.events().size());
    assertEquals(4, rows(names.historyTable(), "race").size());
    // a stale ETag of a long append fails in its first transaction: nothing is written
    storeFailure(hub.history().append("race", first, events(150)), Reason.CONFLICT);
    assertEquals(4, rows(names.historyTable(), "race").size());
    result(hub.history().append("race", second, events(1)));
  }

  @Test
  void rowsAfterTheCommittedRangeAreLeftoversThatNoReadReturns() {
    String etag = result(hub.history().append("crash", null, events(2)));
    // what a crash between two transactions of a long append leaves behind
    raw.tables()
        .getTableClient(names.historyTable())
        .upsertEntity(
            new TableEntity("crash", "0000000000000002")
                .addProperty("EventType", "TaskScheduled")
                .addProperty("Event", "not even an event"))
        .block();
    assertEquals(events(2), result(hub.history().load("crash")).events());
    List<HistoryEvent> more = events(3).subList(2, 3);
    result(hub.history().append("crash", etag, more));
    assertEquals(events(3), result(hub.history().load("crash")).events());
  }

  @Test
  void replaceStartsANewRangeAndDeletesTheOldRows() {
    String etag = result(hub.history().append("can", null, events(3)));
    List<HistoryEvent> next = events(2);
    String replaced = result(hub.history().replace("can", etag, next));
    assertEquals(next, result(hub.history().load("can")).events());
    List<TableEntity> rows = rows(names.historyTable(), "can");
    assertEquals(
        List.of("0000000000000003", "0000000000000004", "sentinel"),
        rows.stream().map(TableEntity::getRowKey).toList());
    storeFailure(hub.history().replace("can", etag, next), Reason.CONFLICT);
    assertTrue(result(hub.history().delete("can")));
    assertTrue(rows(names.historyTable(), "can").isEmpty());
    assertFalse(result(hub.history().delete("can")));
    storeFailure(hub.history().append("can", replaced, next), Reason.CONFLICT);
  }

  @Test
  void anAppendCostsOneTransactionAndNoReadWhenTheLastWriteWasOurs() {
    String etag = result(hub.history().append("cheap", null, events(1)));
    long before = backend.storageRequests();
    for (int i = 0; i < 5; i++) {
      etag = result(hub.history().append("cheap", etag, events(1)));
    }
    assertEquals(5, backend.storageRequests() - before);
    var loaded = result(hub.history().load("cheap"));
    assertEquals(6, loaded.events().size());
    assertEquals(etag, loaded.etag());
  }

  @Test
  void aCreateTakesOverASentinelLeftEmptyByAnInterruptedWrite() {
    // the first transaction of a long create: sentinel with an empty range, some rows after it
    var table = raw.tables().getTableClient(names.historyTable());
    table
        .upsertEntity(
            new TableEntity("taken", "sentinel")
                .addProperty("Base", 0L)
                .addProperty("Committed", 0L)
                .addProperty("WriteId", "lost"))
        .block();
    table
        .upsertEntity(new TableEntity("taken", "0000000000000000").addProperty("Event", "junk"))
        .block();
    assertEquals(List.of(), result(hub.history().load("taken")).events());
    assertNull(result(hub.history().load("taken")).etag());
    result(hub.history().append("taken", null, events(2)));
    assertEquals(events(2), result(hub.history().load("taken")).events());
    storeFailure(hub.history().append("taken", null, events(1)), Reason.CONFLICT);
  }

  @Test
  void aLargeEventIsOffloadedToABlobAndReadBack() {
    String big = "\"" + "x".repeat(100_000) + "\"";
    var event = new HistoryEvent.TaskCompleted(Instant.parse("2026-01-02T03:04:05Z"), 0, big);
    result(hub.history().append("bigevent", null, List.of(event)));
    TableEntity row = rows(names.historyTable(), "bigevent").get(0);
    String blobName = (String) row.getProperty("EventBlobName");
    assertNotNull(blobName);
    assertNull(row.getProperty("Event"));
    assertTrue(blobs(names.largeMessagesContainer()).contains(blobName));
    assertEquals(List.of(event), result(hub.history().load("bigevent")).events());
    result(hub.history().delete("bigevent"));
    assertFalse(blobs(names.largeMessagesContainer()).contains(blobName));
  }

  @Test
  void a100KbPropertyIsOffloadedAndTheRowHoldsTheBlobName() {
    String input = "\"" + "lorem ipsum ".repeat(100_000 / 12) + "\"";
    result(hub.instances().insert(record("big", input)));
    TableEntity row = rows(names.instancesTable(), "big").get(0);
    assertEquals("", row.getRowKey());
    String blobName = (String) row.getProperty("InputBlobName");
    assertNotNull(blobName, row.getProperties().toString());
    assertNull(row.getProperty("Input"));
    assertTrue(blobs(names.largeMessagesContainer()).contains(blobName));
    assertEquals(record("big", input), result(hub.instances().get("big")).value());
    assertTrue(result(hub.instances().delete("big")));
    assertFalse(blobs(names.largeMessagesContainer()).contains(blobName));
  }

  @Test
  void aQueueMessageOver45KbTravelsAsABlobReference() {
    String payload = "\"" + "y".repeat(60_000) + "\"";
    var message =
        new ControlMessage(
            "inst",
            "exec",
            new HistoryEvent.EventRaised(Instant.parse("2026-01-02T03:04:05Z"), "e", payload, "m"));
    var queue = hub.controlQueue(1);
    result(queue.send(List.of(message), Duration.ZERO));
    var peeked = raw.queues().getQueueAsyncClient(names.controlQueue(1)).peekMessage().block();
    String text = peeked.getBody().toString();
    assertTrue(text.contains("messageBlobName") && text.length() < 1000, text);
    var deliveries = result(queue.receive(10, Duration.ofSeconds(30)));
    assertEquals(1, deliveries.size());
    assertEquals(message, deliveries.get(0).message());
    assertEquals(1, blobs(names.largeMessagesContainer()).size());
    result(queue.delete(deliveries.get(0)));
    assertTrue(blobs(names.largeMessagesContainer()).isEmpty());
  }

  /** FNV-1a 32-bit of the UTF-8 bytes, written here independently of the engine's. */
  private static long fnv1a(String text) {
    long hash = 0x811c9dc5L;
    for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      hash = ((hash ^ (b & 0xff)) * 0x01000193L) & 0xffffffffL;
    }
    return hash;
  }

  @Test
  void instancesAreOnTheControlQueueDurableFunctionsPutsThemOn(Vertx vertx) {
    assertEquals(0xe40c292cL, fnv1a("a"), "the published FNV-1a test vector");
    assertEquals(0xbf9cf968L, fnv1a("foobar"), "the published FNV-1a test vector");
    String hubName = Await.hubName();
    var engine =
        dev.baton.core.Baton.builder(vertx)
            .backend(backend)
            .options(new dev.baton.core.BatonOptions().setTaskHub(hubName).setPartitionCount(4))
            .addOrchestrator("later", ctx -> null)
            .build();
    result(engine.start());
    try {
      var expected = new int[4];
      var ids = List.of("order-1", "order-2", "a/b", "counter-k", "ключ", "x", "y", "z", "zz");
      for (String id : ids) {
        expected[(int) (fnv1a(id) % 4)]++;
        result(
            engine
                .client()
                .scheduleNewOrchestration(
                    "later",
                    null,
                    new dev.baton.core.client.StartOptions()
                        .setInstanceId(id)
                        .setScheduledStartTime(Instant.now().plus(Duration.ofHours(1)))));
      }
      var lower = new TaskHubNames(hubName);
      for (int p = 0; p < 4; p++) {
        int count =
            raw.queues()
                .getQueueAsyncClient(lower.controlQueue(p))
                .getProperties()
                .block()
                .getApproximateMessagesCount();
        assertEquals(expected[p], count, lower.controlQueue(p) + " holds the starts hashed to it");
      }
    } finally {
      result(engine.close());
      result(result(backend.open(vertx, hubName, 4)).delete());
    }
  }

  @Test
  void rowsAndMessagesAreInBatonsOwnFormatNotDurableFunctions() {
    result(hub.history().append("own", null, events(1)));
    TableEntity row = rows(names.historyTable(), "own").get(0);
    assertEquals(
        Set.of("EventType", "Event"),
        row.getProperties().keySet().stream()
            .filter(
                k ->
                    !k.contains("odata.")
                        && !k.equals("PartitionKey")
                        && !k.equals("RowKey")
                        && !k.equals("Timestamp"))
            .collect(Collectors.toSet()),
        "one JSON column per event, where Durable Functions has a column per event field");
    var message =
        new ControlMessage(
            "own",
            "exec",
            new HistoryEvent.EventRaised(Instant.parse("2026-01-02T03:04:05Z"), "e", "1", "m"));
    result(hub.controlQueue(0).send(List.of(message), Duration.ZERO));
    String text =
        raw.queues()
            .getQueueAsyncClient(names.controlQueue(0))
            .peekMessage()
            .block()
            .getBody()
            .toString();
    var json = new io.vertx.core.json.JsonObject(text);
    assertEquals("own", json.getString("instanceId"));
    assertFalse(json.containsKey("TaskMessage"), "not Durable Functions' MessageData: " + text);
  }
}
