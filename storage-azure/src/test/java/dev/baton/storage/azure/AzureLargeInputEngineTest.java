package dev.baton.storage.azure;

import static dev.baton.storage.azure.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.InstanceQuery;
import dev.baton.core.client.StartOptions;
import dev.baton.core.spi.Backend;
import dev.baton.core.spi.PayloadStore;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.azure.impl.AzureClients;
import dev.baton.storage.azure.impl.TaskHubNames;
import dev.baton.storage.azure.testing.Azurite;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An orchestration whose input is too large for a table property, through its life on Azurite: its
 * status row is written at the start (Pending), when it runs, when its custom status changes and
 * when it completes, and the input blob is uploaded at the first of those writes only. Every upload
 * of the hub's payloads is counted by name, and the requests by kind are printed. A continue-as-new
 * uploads the new execution's input once, a rewind keeps the input, status and query show it, and a
 * purge deletes its blobs.
 */
@ExtendWith({VertxExtension.class, AzuriteExtension.class})
class AzureLargeInputEngineTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** A JSON string of 100,000 characters: 200 KB as a table property, over its 64 KiB. */
  private static String large(String seed) {
    var text = new StringBuilder(100_002).append('"');
    for (int i = 0; text.length() < 100_001; i++) {
      text.append(seed).append(i).append(' ');
    }
    text.setLength(100_001);
    return text.append('"').toString();
  }

  private final Queue<String> uploads = new ConcurrentLinkedQueue<>();
  private final Queue<String> downloads = new ConcurrentLinkedQueue<>();
  private final AtomicInteger failures = new AtomicInteger();
  private AzureBackend backend;
  private AzureClients raw;
  private TaskHubNames names;
  private Baton baton;

  @BeforeEach
  void start(Vertx vertx, Azurite azurite) {
    backend =
        AzureBackend.create(
            new AzureStorageOptions().setConnectionString(azurite.connectionString()));
    raw = AzureClients.create(azurite.connectionString(), 4);
    String hub = Await.hubName();
    names = new TaskHubNames(hub);
    Backend counted =
        new Backend() {
          @Override
          public Future<TaskHubStore> open(Vertx v, String hubName, int partitionCount) {
            return backend
                .open(v, hubName, partitionCount)
                .map(h -> h.withPayloads(new Counted(h.payloads(), uploads, downloads)));
          }

          @Override
          public Duration defaultMaxPollInterval() {
            return backend.defaultMaxPollInterval();
          }
        };
    baton =
        Baton.builder(vertx)
            .backend(counted)
            .options(
                new BatonOptions()
                    .setTaskHub(hub)
                    .setPartitionCount(1)
                    .setMaxPollInterval(Duration.ofMillis(100)))
            .addOrchestrator(
                "steps",
                ctx -> {
                  String input = ctx.input(String.class);
                  ctx.setCustomStatus("first");
                  ctx.callActivity("echo", "a", String.class).await();
                  ctx.setCustomStatus("second");
                  ctx.callActivity("echo", "b", String.class).await();
                  return input.length();
                })
            .addOrchestrator(
                "twice",
                ctx -> {
                  String input = ctx.input(String.class);
                  ctx.callActivity("echo", "a", String.class).await();
                  if (input.startsWith("first")) {
                    ctx.continueAsNew(large("second").substring(1, 100_001));
                    return null;
                  }
                  return input.length();
                })
            .addOrchestrator(
                "fragile",
                ctx -> {
                  String input = ctx.input(String.class);
                  ctx.callActivity("flaky", "x", String.class).await();
                  return input.length();
                })
            .addActivity("echo", ctx -> ctx.input(String.class))
            .addActivity(
                "flaky",
                ctx -> {
                  if (failures.getAndIncrement() == 0) {
                    throw new IllegalStateException("the first attempt fails");
                  }
                  return "ok";
                })
            .build();
    result(baton.start());
  }

  @AfterEach
  void stop(Vertx vertx) {
    result(baton.close());
    result(result(backend.open(vertx, names.hub(), 1)).delete());
    result(backend.close());
    raw.close().block();
  }

  private DurableClient client() {
    return baton.client();
  }

  private InstanceMetadata finished(String id) {
    return result(client().waitForInstanceCompletion(id, WAIT));
  }

  /** The uploads of the instance's status-row input blobs so far. */
  private List<String> inputUploads(String instanceId) {
    String prefix = "instances/" + instanceId + "/Input/";
    return uploads.stream().filter(n -> n.startsWith(prefix)).toList();
  }

  /** The blobs stored under the instance's status-row folder. */
  private List<String> rowBlobs(String instanceId) {
    return raw.blobs()
        .getBlobContainerAsyncClient(names.largeMessagesContainer())
        .listBlobs(new ListBlobsOptions().setPrefix("instances/" + instanceId + "/"))
        .map(BlobItem::getName)
        .collectList()
        .block();
  }

  @Test
  void aLargeInputIsUploadedOnceThroughItsInstancesLife() {
    String input = large("lorem");
    Map<String, Long> before = backend.storageRequestsByKind();
    String id =
        result(
            client()
                .scheduleNewOrchestration(
                    "steps",
                    input.substring(1, input.length() - 1),
                    new StartOptions().setInstanceId("big-steps")));
    InstanceMetadata done = finished(id);
    Map<String, Long> after = backend.storageRequestsByKind();
    System.out.println("requests of one large-input orchestration: " + delta(before, after));
    System.out.println("uploads of its payloads: " + uploads);

    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals(input, done.input());
    assertEquals("\"second\"", done.customStatus());
    assertEquals(100_000, done.readOutput(Integer.class));
    assertEquals(
        1,
        inputUploads(id).size(),
        "the rows Pending, Running with 'first', 'second' and Completed share one input blob: "
            + uploads);
    assertEquals(inputUploads(id), rowBlobs(id), "the row's one blob is the one uploaded");
    assertEquals(
        3,
        after.get("blob PUT") - before.getOrDefault("blob PUT", 0L),
        "the row's input, the start message and the history row: " + uploads);
    assertEquals(
        1,
        after.get("blob GET") - before.getOrDefault("blob GET", 0L) - downloads.size(),
        "one listing for garbage, after the only write that uploaded: " + delta(before, after));
    var page = result(client().queryInstances(new InstanceQuery().setFetchInputsAndOutputs(true)));
    assertEquals(1, page.instances().size());
    assertEquals(input, page.instances().get(0).input());
  }

  @Test
  void continueAsNewUploadsEachExecutionsInputOnceAndPurgeDeletesThem() {
    String first = large("first");
    String id =
        result(
            client()
                .scheduleNewOrchestration(
                    "twice",
                    first.substring(1, first.length() - 1),
                    new StartOptions().setInstanceId("big-twice")));
    InstanceMetadata done = finished(id);
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals(large("second"), done.input(), "the row shows the new execution's input");
    assertEquals(large("second"), result(client().getInstance(id)).input());
    assertEquals(
        2, inputUploads(id).size(), "one upload per execution, not per row write: " + uploads);
    assertTrue(rowBlobs(id).contains(inputUploads(id).get(1)), rowBlobs(id).toString());

    assertTrue(result(client().purgeInstance(id)));
    assertNull(result(client().getInstance(id)));
    assertEquals(List.of(), rowBlobs(id), "the purge deleted the row's blobs");
  }

  @Test
  void aRewoundInstanceKeepsItsLargeInput() {
    String input = large("rewind");
    String id =
        result(
            client()
                .scheduleNewOrchestration(
                    "fragile",
                    input.substring(1, input.length() - 1),
                    new StartOptions().setInstanceId("big-rewind")));
    InstanceMetadata failed = finished(id);
    assertEquals(RuntimeStatus.FAILED, failed.status());
    assertEquals(input, failed.input());

    result(client().rewind(id, "fixed"));
    long deadline = System.nanoTime() + WAIT.toNanos();
    InstanceMetadata done = result(client().getInstance(id));
    while (done.status() != RuntimeStatus.COMPLETED && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      done = result(client().getInstance(id));
    }
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    assertEquals(input, done.input());
    assertEquals(100_000, done.readOutput(Integer.class));
    assertEquals(1, inputUploads(id).size(), "the rewind keeps the stored input: " + uploads);
  }

  private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    var out = new java.util.TreeMap<String, Long>();
    after.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0L)));
    return out;
  }

  /** The hub's payload store, recording the name of every upload and download. */
  private record Counted(PayloadStore store, Queue<String> puts, Queue<String> gets)
      implements PayloadStore {

    @Override
    public Future<Void> put(String name, Buffer data) {
      puts.add(name);
      return store.put(name, data);
    }

    @Override
    public Future<Buffer> get(String name) {
      gets.add(name);
      return store.get(name);
    }

    @Override
    public Future<Boolean> delete(String name) {
      return store.delete(name);
    }
  }
}
