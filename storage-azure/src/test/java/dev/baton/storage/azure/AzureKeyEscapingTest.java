package dev.baton.storage.azure;

import static dev.baton.storage.azure.Await.result;
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
import dev.baton.core.spi.InstanceFilter;
import dev.baton.core.spi.InstanceRecord;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Instance ids with characters Azure Tables forbid in keys are stored under keys escaped as Durable
 * Functions escapes them, and read back, queried, offloaded to blobs and deleted like any other.
 */
class AzureKeyEscapingTest extends RawHubTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

  /** Each id and its PartitionKey as Durable Functions' KeySanitation writes it. */
  private static final List<List<String>> IDS =
      List.of(
          List.of("a/b", "a^0b"),
          List.of("a\\b", "a^1b"),
          List.of("a#b", "a^2b"),
          List.of("a?b", "a^3b"),
          List.of("a^b", "a^^b"),
          List.of("a\u0001b", "a^\u00C1b"),
          List.of("a\tb\u007f", "a^\u00C9b^\u013F"),
          List.of("@counter@user/42?x#y", "@counter@user^042^3x^2y"));

  private static InstanceRecord record(String id, String input) {
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
        T0,
        T0,
        null,
        "parent/" + id);
  }

  private List<TableEntity> rows(String table, String partitionKey) {
    return raw.tables()
        .getTableClient(table)
        .listEntities(
            new ListEntitiesOptions()
                .setFilter("PartitionKey eq '" + partitionKey.replace("'", "''") + "'"))
        .collectList()
        .block();
  }

  private List<String> blobs() {
    return raw.blobs()
        .getBlobContainerAsyncClient(names.largeMessagesContainer())
        .listBlobs()
        .map(BlobItem::getName)
        .collectList()
        .block();
  }

  @Test
  void rowsAreKeyedByTheEscapedIdAndReadBackUnderTheId() {
    var event = new HistoryEvent.OrchestratorStarted(T0);
    for (List<String> pair : IDS) {
      String id = pair.get(0);
      String key = pair.get(1);
      result(hub.instances().insert(record(id, "\"in\"")));
      String etag = result(hub.history().append(id, null, List.of(event)));
      result(hub.history().append(id, etag, List.of(event)));

      assertEquals(record(id, "\"in\""), result(hub.instances().get(id)).value(), id);
      assertEquals(List.of(event, event), result(hub.history().load(id)).events(), id);
      assertEquals(1, rows(names.instancesTable(), key).size(), "the row is under " + key);
      assertEquals(3, rows(names.historyTable(), key).size(), "two events and the sentinel");
    }
    // a prefix query matches literally, escaped characters included
    var page =
        result(hub.instances().query(new InstanceFilter(Set.of(), null, null, "a/"), 50, null));
    assertEquals(List.of("a/b"), page.items().stream().map(InstanceRecord::instanceId).toList());
    var all = result(hub.instances().query(new InstanceFilter(Set.of(), null, null, "a"), 3, null));
    assertEquals(3, all.items().size());
    assertNotNull(all.continuation());
    int seen = all.items().size();
    while (all.continuation() != null) {
      all =
          result(
              hub.instances()
                  .query(new InstanceFilter(Set.of(), null, null, "a"), 3, all.continuation()));
      seen += all.items().size();
    }
    assertEquals(IDS.size() - 1, seen, "paging visits every id starting with 'a' once");

    for (List<String> pair : IDS) {
      assertTrue(result(hub.history().delete(pair.get(0))));
      assertTrue(result(hub.instances().delete(pair.get(0))));
      assertNull(result(hub.instances().get(pair.get(0))));
      assertTrue(rows(names.historyTable(), pair.get(1)).isEmpty());
    }
  }

  @Test
  void largePayloadsOfSuchIdsAreBlobsNamedAfterTheEscapedIdAndGoWithThem() {
    String big = "\"" + "x".repeat(100_000) + "\"";
    var event = new HistoryEvent.TaskCompleted(T0, 0, big);
    for (List<String> pair : IDS) {
      String id = pair.get(0);
      result(hub.instances().insert(record(id, big)));
      result(hub.history().append(id, null, List.of(event)));
      assertEquals(big, result(hub.instances().get(id)).value().input());
      assertEquals(List.of(event), result(hub.history().load(id)).events());
    }
    List<String> blobs = blobs();
    assertEquals(2 * IDS.size(), blobs.size(), blobs.toString());
    assertTrue(blobs.contains(blobName(blobs, "history/a%5E0b/")), blobs.toString());
    assertTrue(blobs.contains(blobName(blobs, "instances/a%5E0b/Input/")), blobs.toString());
    for (String name : blobs) {
      assertFalse(
          name.chars().anyMatch(c -> c == '\\' || c == '#' || c == '?' || c < 0x20),
          "a blob name with a character URLs or Azure mangle: " + name);
      assertEquals(4, name.split("/").length + (name.startsWith("history/") ? 1 : 0), name);
    }
    for (List<String> pair : IDS) {
      assertTrue(result(hub.history().delete(pair.get(0))));
      assertTrue(result(hub.instances().delete(pair.get(0))));
    }
    assertEquals(List.of(), blobs(), "purging an instance removes its blobs");
  }

  private static String blobName(List<String> blobs, String prefix) {
    return blobs.stream().filter(b -> b.startsWith(prefix)).findFirst().orElse(prefix + "(none)");
  }
}
