package dev.baton.storage.azure;

import static dev.baton.storage.azure.Await.result;
import static dev.baton.storage.azure.Await.storeFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.InstanceStore;
import dev.baton.core.spi.PayloadStore;
import dev.baton.core.spi.StoreException.Reason;
import dev.baton.core.spi.Versioned;
import dev.baton.storage.azure.testing.Azurite;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status row's input blob on Azurite, at the instance store: a large input is uploaded by the
 * first write of its execution, and a later write under the ETag of a row the store wrote or read
 * names the same blob. A stale ETag still fails, another execution or input is uploaded, a row
 * written without this store's knowledge (by an earlier Baton or another process) reads and is
 * updated correctly, and a purge deletes the blob. Uploads are counted by name through the hub's
 * payload store and, as HTTP requests, at the SDK's pipeline.
 */
class AzureInstanceInputTest extends RawHubTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");
  private static final String INPUT = "\"" + "lorem ipsum ".repeat(9_000) + "\"";

  private final Queue<String> uploads = new ConcurrentLinkedQueue<>();
  private InstanceStore instances;

  @Override
  protected int partitions() {
    return 1;
  }

  @BeforeEach
  void countUploads() {
    instances = hub.withPayloads(new Counted(hub.payloads(), uploads)).instances();
  }

  private static InstanceRecord row(
      String id, String executionId, RuntimeStatus status, String input, String custom, long at) {
    return new InstanceRecord(
        id,
        "orch",
        null,
        executionId,
        status,
        input,
        null,
        custom,
        null,
        T0,
        T0.plusSeconds(at),
        null,
        null,
        Map.of(),
        at);
  }

  private List<String> inputUploads(String id) {
    return uploads.stream().filter(n -> n.startsWith("instances/" + id + "/Input/")).toList();
  }

  private long blobPuts() {
    return backend.storageRequestsByKind().getOrDefault("blob PUT", 0L);
  }

  private TableEntity rawRow(String id) {
    return raw.tables().getTableClient(names.instancesTable()).getEntity(id, "").block();
  }

  private List<String> blobsOf(String id) {
    return raw.blobs()
        .getBlobContainerAsyncClient(names.largeMessagesContainer())
        .listBlobs(new ListBlobsOptions().setPrefix("instances/" + id + "/"))
        .map(BlobItem::getName)
        .collectList()
        .block();
  }

  @Test
  void theRowWritesOfAnExecutionUploadItsInputOnce() {
    long putsBefore = blobPuts();
    String etag = result(instances.insert(row("a", "e1", RuntimeStatus.PENDING, INPUT, null, 0)));
    String blob = (String) rawRow("a").getProperty("InputBlobName");
    etag = result(instances.update(row("a", "e1", RuntimeStatus.RUNNING, INPUT, null, 1), etag));
    etag = result(instances.update(row("a", "e1", RuntimeStatus.RUNNING, INPUT, "\"s\"", 2), etag));
    InstanceRecord done = row("a", "e1", RuntimeStatus.COMPLETED, INPUT, "\"s\"", 3);
    etag = result(instances.update(done, etag));

    assertEquals(List.of(blob), inputUploads("a"), "Pending, Running, custom status, Completed");
    assertEquals(1, blobPuts() - putsBefore, "one blob request of kind PUT for four row writes");
    assertEquals(blob, rawRow("a").getProperty("InputBlobName"), "every row names that blob");
    assertEquals(new Versioned<>(done, etag), result(instances.get("a")));
    assertEquals(List.of(blob), blobsOf("a"));
  }

  @Test
  void aWriteUnderAStaleEtagStillFailsAndTheRowKeepsItsInput() {
    String first = result(instances.insert(row("b", "e1", RuntimeStatus.PENDING, INPUT, null, 0)));
    InstanceRecord running = row("b", "e1", RuntimeStatus.RUNNING, INPUT, null, 1);
    String second = result(instances.update(running, first));

    storeFailure(
        instances.update(row("b", "e1", RuntimeStatus.COMPLETED, INPUT, null, 2), first),
        Reason.CONFLICT);
    assertEquals(new Versioned<>(running, second), result(instances.get("b")));
    assertEquals(inputUploads("b").get(0), rawRow("b").getProperty("InputBlobName"));

    InstanceRecord done = row("b", "e1", RuntimeStatus.COMPLETED, INPUT, null, 2);
    String third = result(instances.update(done, second));
    assertEquals(new Versioned<>(done, third), result(instances.get("b")));
    assertEquals(inputUploads("b").get(0), rawRow("b").getProperty("InputBlobName"));
  }

  @Test
  void anotherExecutionOrAnotherInputIsUploadedAndReadsBack() {
    String other = "\"" + "dolor sit ".repeat(9_000) + "\"";
    String third = "\"" + "amet ".repeat(20_000) + "\"";
    String etag = result(instances.insert(row("c", "e1", RuntimeStatus.PENDING, INPUT, null, 0)));
    InstanceRecord continued = row("c", "e2", RuntimeStatus.RUNNING, other, null, 0);
    etag = result(instances.update(continued, etag));
    assertEquals(new Versioned<>(continued, etag), result(instances.get("c")));
    InstanceRecord changed = row("c", "e2", RuntimeStatus.RUNNING, third, null, 1);
    etag = result(instances.update(changed, etag));
    assertEquals(new Versioned<>(changed, etag), result(instances.get("c")));
    InstanceRecord unconditional = row("c", "e2", RuntimeStatus.RUNNING, third, null, 2);
    etag = result(instances.update(unconditional, null));
    assertEquals(new Versioned<>(unconditional, etag), result(instances.get("c")));
    InstanceRecord small = row("c", "e2", RuntimeStatus.RUNNING, "\"small\"", null, 3);
    etag = result(instances.update(small, etag));
    assertEquals(new Versioned<>(small, etag), result(instances.get("c")));
    assertNull(rawRow("c").getProperty("InputBlobName"), "a small input is a column again");

    assertEquals(4, inputUploads("c").size(), "each new input, and the write without an ETag");
  }

  @Test
  void aRowThisStoreNeverSawReadsAndItsNextWriteReusesTheBlobItNames(Vertx vertx, Azurite azurite) {
    // the row and blob an earlier Baton (or another process) wrote: a random name, same columns
    String legacy = "instances/old/Input/2f1c6a1e-9a3b-4c55-8f0e-1d2c3b4a5968.json.gz";
    result(hub.payloads().put(legacy, Buffer.buffer(INPUT, "UTF-8")));
    var entity =
        new TableEntity("old", "")
            .addProperty("Name", "orch")
            .addProperty("ExecutionId", "e1")
            .addProperty("RuntimeStatus", "Running")
            .addProperty("InputBlobName", legacy)
            .addProperty("CreatedTime", "2026-01-02T03:04:05.123456789Z")
            .addProperty("LastUpdatedTime", "2026-01-02T03:04:06.123456789Z")
            .addProperty("HistoryPosition", 1L);
    raw.tables().getTableClient(names.instancesTable()).createEntity(entity).block();

    Versioned<InstanceRecord> read = result(instances.get("old"));
    assertEquals(row("old", "e1", RuntimeStatus.RUNNING, INPUT, null, 1), read.value());
    InstanceRecord done = row("old", "e1", RuntimeStatus.COMPLETED, INPUT, null, 2);
    String etag = result(instances.update(done, read.etag()));
    assertEquals(List.of(), inputUploads("old"), "the write names the blob the row it read named");
    assertEquals(legacy, rawRow("old").getProperty("InputBlobName"));
    assertEquals(new Versioned<>(done, etag), result(instances.get("old")));

    // a store with no memory of the row (another process) uploads, and the row still reads
    var elsewhere =
        AzureBackend.create(
            new AzureStorageOptions().setConnectionString(azurite.connectionString()));
    try {
      InstanceStore other = result(elsewhere.open(vertx, names.hub(), 1)).instances();
      long putsBefore = elsewhere.storageRequestsByKind().getOrDefault("blob PUT", 0L);
      InstanceRecord later = row("old", "e1", RuntimeStatus.COMPLETED, INPUT, "\"x\"", 3);
      String next = result(other.update(later, etag));
      assertEquals(1, elsewhere.storageRequestsByKind().getOrDefault("blob PUT", 0L) - putsBefore);
      assertEquals(new Versioned<>(later, next), result(instances.get("old")));
    } finally {
      result(elsewhere.close());
    }
  }

  @Test
  void aPurgeDeletesTheSharedBlobAndANewStartUploadsAgain() {
    String etag = result(instances.insert(row("d", "e1", RuntimeStatus.PENDING, INPUT, null, 0)));
    etag = result(instances.update(row("d", "e1", RuntimeStatus.COMPLETED, INPUT, null, 1), etag));
    assertEquals(1, blobsOf("d").size());

    assertEquals(true, result(instances.delete("d")));
    assertNull(result(instances.get("d")));
    assertEquals(List.of(), blobsOf("d"), "the purge deleted the row's input blob");
    storeFailure(
        instances.update(row("d", "e1", RuntimeStatus.COMPLETED, INPUT, null, 2), etag),
        Reason.CONFLICT);

    InstanceRecord again = row("d", "e1", RuntimeStatus.PENDING, INPUT, null, 0);
    String fresh = result(instances.insert(again));
    assertEquals(new Versioned<>(again, fresh), result(instances.get("d")));
    assertEquals(3, inputUploads("d").size(), "start, the refused write, the new start");
  }

  /** The hub's payload store, recording the name of every upload. */
  private record Counted(PayloadStore store, Queue<String> names) implements PayloadStore {

    @Override
    public Future<Void> put(String name, Buffer data) {
      names.add(name);
      return store.put(name, data);
    }

    @Override
    public Future<Buffer> get(String name) {
      return store.get(name);
    }

    @Override
    public Future<Boolean> delete(String name) {
      return store.delete(name);
    }
  }
}
