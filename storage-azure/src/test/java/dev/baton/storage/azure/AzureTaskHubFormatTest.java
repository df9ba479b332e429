package dev.baton.storage.azure;

import static dev.baton.storage.azure.Await.result;
import static dev.baton.storage.azure.Await.storeFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.models.TableEntity;
import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.spi.StoreException.Reason;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.azure.impl.AzureClients;
import dev.baton.storage.azure.impl.TaskHubNames;
import dev.baton.storage.azure.testing.Azurite;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code taskhub.json} records the hub's format: a hub another system wrote (Durable Functions'
 * own), or one of an unknown format, is refused at open with BATON-126 and left as it was; a hub of
 * an earlier Baton (no format) is stamped and opened, unless it holds ids the current format keys
 * differently. Each case writes {@code taskhub.json} by hand.
 */
@ExtendWith({VertxExtension.class, AzuriteExtension.class})
class AzureTaskHubFormatTest {

  private AzureClients raw;
  private AzureBackend backend;
  private final List<TaskHubStore> opened = new ArrayList<>();

  @BeforeEach
  void setUp(Azurite azurite) {
    raw = AzureClients.create(azurite.connectionString(), 4);
    backend =
        AzureBackend.create(
            new AzureStorageOptions().setConnectionString(azurite.connectionString()));
  }

  @AfterEach
  void tearDown() {
    opened.forEach(hub -> result(hub.delete()));
    result(backend.close());
    raw.close().block();
  }

  private TaskHubStore open(Vertx vertx, String hub, int partitions) {
    TaskHubStore store = result(backend.open(vertx, hub, partitions));
    opened.add(store);
    return store;
  }

  /** A hub that holds only {@code {hub}-leases/taskhub.json} with {@code json}. */
  private TaskHubNames handWritten(String json) {
    var names = new TaskHubNames(Await.hubName());
    handWritten(json, names);
    return names;
  }

  private String taskHubJson(TaskHubNames names) {
    return raw.blobs()
        .getBlobContainerAsyncClient(names.leasesContainer())
        .getBlobAsyncClient("taskhub.json")
        .downloadContent()
        .block()
        .toString();
  }

  private Set<String> tables() {
    return raw.tables().listTables().map(t -> t.getName()).collect(Collectors.toSet()).block();
  }

  private static BatonException refused(Future<?> open) {
    try {
      Object value = open.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected BATON-126, the hub opened: " + value);
    } catch (ExecutionException e) {
      var be = assertInstanceOf(BatonException.class, e.getCause());
      assertEquals(ErrorCode.TASK_HUB_FORMAT, be.code(), be.toString());
      assertTrue(be.getMessage().startsWith("BATON-126 task hub '"), be.getMessage());
      return be;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The hub was left alone: its file unchanged, no table, queue or other container made. */
  private void untouched(TaskHubNames names, String json) {
    assertEquals(json, taskHubJson(names));
    assertFalse(tables().contains(names.historyTable()), "no History table was created");
    assertFalse(tables().contains(names.instancesTable()), "no Instances table was created");
    assertFalse(
        raw.queues()
            .getQueueAsyncClient(names.workItemQueue())
            .getProperties()
            .map(p -> true)
            .onErrorReturn(false)
            .block(),
        "no queue was created");
    assertFalse(
        raw.blobs().getBlobContainerAsyncClient(names.largeMessagesContainer()).exists().block(),
        "no large-messages container was created");
    raw.blobs().getBlobContainerAsyncClient(names.leasesContainer()).delete().block();
  }

  @Test
  void aNewHubRecordsBatonsFormatAndItsPartitionCount(Vertx vertx) {
    String hub = Await.hubName();
    open(vertx, hub, 3);
    var json = new JsonObject(taskHubJson(new TaskHubNames(hub)));
    assertEquals("baton", json.getString("format"));
    assertEquals(2, json.getInteger("formatVersion"));
    assertEquals(hub, json.getString("taskHubName"));
    assertEquals(3, json.getInteger("partitionCount"));
    assertEquals(3, open(vertx, hub, 3).partitionCount(), "and opens again");
  }

  @Test
  void aDurableFunctionsTaskHubIsRefusedAndLeftAlone(Vertx vertx) {
    String json =
        "{\"TaskHubName\":\"MyHub\",\"CreatedAt\":\"2024-05-01T10:00:00.1234567Z\","
            + "\"PartitionCount\":4}";
    TaskHubNames names = handWritten(json);
    var e = refused(backend.open(vertx, names.hub(), 4));
    assertTrue(e.getMessage().contains("created by Durable Functions"), e.getMessage());
    assertTrue(e.getMessage().contains("another task hub name"), e.getMessage());
    var noCreate =
        AzureBackend.create(
            new AzureStorageOptions()
                .setConnectionString(AzuriteExtension.azurite().connectionString())
                .setCreateIfNotExists(false));
    refused(noCreate.open(vertx, names.hub(), 4));
    result(noCreate.close());
    untouched(names, json);
  }

  @Test
  void aDurableFunctionsHubWithoutTaskHubJsonIsRefusedByWhatOnlyDurableFunctionsMakes(Vertx vertx) {
    var appLease = new TaskHubNames(Await.hubName());
    var container =
        raw.blobs().getBlobContainerAsyncClient(appLease.hub().toLowerCase() + "-applease");
    container.create().block();
    var e = refused(backend.open(vertx, appLease.hub(), 4));
    assertTrue(e.getMessage().contains("-applease"), e.getMessage());
    assertFalse(
        raw.blobs()
            .getBlobContainerAsyncClient(appLease.leasesContainer())
            .getBlobAsyncClient("taskhub.json")
            .exists()
            .block(),
        "no taskhub.json was written");
    assertFalse(tables().contains(appLease.historyTable()));
    container.delete().block();
    raw.blobs().getBlobContainerAsyncClient(appLease.leasesContainer()).delete().block();

    var partitions = new TaskHubNames(Await.hubName());
    raw.tables().createTable(partitions.hub() + "Partitions").block();
    var p = refused(backend.open(vertx, partitions.hub(), 4));
    assertTrue(p.getMessage().contains(partitions.hub() + "Partitions"), p.getMessage());
    assertFalse(tables().contains(partitions.instancesTable()));
    raw.tables().deleteTable(partitions.hub() + "Partitions").block();
    raw.blobs().getBlobContainerAsyncClient(partitions.leasesContainer()).delete().block();
  }

  @Test
  void aNewerFormatAnotherFormatAndAnUnreadableFileAreRefused(Vertx vertx) {
    String newer =
        "{\"format\":\"baton\",\"formatVersion\":3,\"taskHubName\":\"x\",\"partitionCount\":1}";
    TaskHubNames a = handWritten(newer);
    assertTrue(
        refused(backend.open(vertx, a.hub(), 1))
            .getMessage()
            .contains("newer Baton (format version 3"));
    untouched(a, newer);

    String other = "{\"format\":\"netherite\",\"partitionCount\":1}";
    TaskHubNames b = handWritten(other);
    assertTrue(refused(backend.open(vertx, b.hub(), 1)).getMessage().contains("'netherite'"));
    untouched(b, other);

    for (String bad :
        List.of(
            "not json",
            "[1, 2]",
            "{\"format\":\"baton\",\"formatVersion\":\"2\",\"partitionCount\":1}",
            "{\"something\":\"else\"}")) {
      TaskHubNames c = handWritten(bad);
      refused(backend.open(vertx, c.hub(), 1));
      untouched(c, bad);
    }
  }

  @Test
  void aHubOfAnEarlierBatonIsStampedAndKeepsItsInstances(Vertx vertx) {
    String hub = Await.hubName();
    var names = new TaskHubNames(hub);
    String legacy =
        new JsonObject()
            .put("taskHubName", hub)
            .put("partitionCount", 2)
            .put("createdAt", "2026-11-01T00:00:00Z")
            .encodePrettily();
    handWritten(legacy, names);
    raw.tables().createTableIfNotExists(names.instancesTable()).block();
    raw.tables().getTableClient(names.instancesTable()).upsertEntity(legacyRow("order-1")).block();

    TaskHubStore store = open(vertx, hub, 2);
    var json = new JsonObject(taskHubJson(names));
    assertEquals("baton", json.getString("format"));
    assertEquals(2, json.getInteger("formatVersion"));
    assertEquals(2, json.getInteger("partitionCount"));
    assertEquals("2026-11-01T00:00:00Z", json.getString("createdAt"));
    assertEquals(RuntimeStatus.RUNNING, result(store.instances().get("order-1")).value().status());
    storeFailure(backend.open(vertx, hub, 3), Reason.CONFLICT);
  }

  @Test
  void aHubOfAnEarlierBatonWithAnIdThatWouldBeKeyedDifferentlyIsRefused(Vertx vertx) {
    String hub = Await.hubName();
    var names = new TaskHubNames(hub);
    String legacy =
        new JsonObject().put("taskHubName", hub).put("partitionCount", 1).encodePrettily();
    handWritten(legacy, names);
    raw.tables().createTableIfNotExists(names.instancesTable()).block();
    var table = raw.tables().getTableClient(names.instancesTable());
    table.upsertEntity(legacyRow("plain")).block();
    table.upsertEntity(legacyRow("up^down")).block();

    var e = refused(backend.open(vertx, hub, 1));
    assertTrue(e.getMessage().contains("earlier Baton") && e.getMessage().contains("'up^down'"));
    assertEquals(legacy, taskHubJson(names), "not stamped");
    raw.tables().deleteTable(names.instancesTable()).block();
    raw.blobs().getBlobContainerAsyncClient(names.leasesContainer()).delete().block();
  }

  private void handWritten(String json, TaskHubNames names) {
    var leases = raw.blobs().getBlobContainerAsyncClient(names.leasesContainer());
    leases.createIfNotExists().block();
    leases.getBlobAsyncClient("taskhub.json").upload(BinaryData.fromString(json)).block();
  }

  /** A status row as an earlier Baton wrote it: the id as it is in the PartitionKey. */
  private static TableEntity legacyRow(String id) {
    String t = "2026-11-01T00:00:00.000000000Z";
    return new TableEntity(id, "")
        .addProperty("Name", "orch")
        .addProperty("ExecutionId", "e1")
        .addProperty("RuntimeStatus", "Running")
        .addProperty("CreatedTime", t)
        .addProperty("LastUpdatedTime", t);
  }
}
