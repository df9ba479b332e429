package dev.baton.storage.azure;

import static dev.baton.storage.azure.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.StoredHistory;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.azure.testing.Azurite;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the common paths cost in storage requests, counted at the SDK's HTTP pipeline: a history
 * that fits in one page loads in one query, and the append after it needs no second read of the
 * sentinel; a larger one is still read whole; the first status row write of an orchestration
 * started by this engine's client (Pending to Running) is one conditional update, without a read.
 */
@ExtendWith({VertxExtension.class, AzuriteExtension.class})
class AzureRequestCountTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  private final List<AzureBackend> backends = new ArrayList<>();
  private String connectionString;
  private String hubName;

  @BeforeEach
  void setUp(Azurite azurite) {
    connectionString = azurite.connectionString();
    hubName = Await.hubName();
  }

  @AfterEach
  void tearDown(Vertx vertx) {
    result(open(vertx).delete());
    backends.forEach(b -> result(b.close()));
  }

  /** A new backend (with nothing cached) on the test's hub. */
  private AzureBackend backend() {
    var b = AzureBackend.create(new AzureStorageOptions().setConnectionString(connectionString));
    backends.add(b);
    return b;
  }

  private TaskHubStore open(Vertx vertx, AzureBackend backend) {
    return result(backend.open(vertx, hubName, 1));
  }

  private TaskHubStore open(Vertx vertx) {
    return open(vertx, backend());
  }

  private static List<HistoryEvent> events(int from, int count) {
    var out = new ArrayList<HistoryEvent>(count);
    for (int i = from; i < from + count; i++) {
      out.add(new HistoryEvent.TaskCompleted(T0.plusSeconds(i), i, "\"r" + i + "\""));
    }
    return out;
  }

  @Test
  void aHistoryLoadsInOneQueryAndTheAppendAfterItReadsNothingMore(Vertx vertx) {
    TaskHubStore writer = open(vertx);
    String etag = result(writer.history().append("one-page", null, events(0, 3)));
    etag = result(writer.history().append("one-page", etag, events(3, 2)));

    AzureBackend fresh = backend();
    TaskHubStore reader = open(vertx, fresh);
    long before = fresh.storageRequests();
    StoredHistory loaded = result(reader.history().load("one-page"));
    assertEquals(
        1, fresh.storageRequests() - before, "one query: " + fresh.storageRequestsByKind());
    assertEquals(events(0, 5), loaded.events());
    assertEquals(etag, loaded.etag());

    Map<String, Long> kinds = fresh.storageRequestsByKind();
    result(reader.history().append("one-page", loaded.etag(), events(5, 1)));
    assertEquals(
        1,
        fresh.storageRequests() - before - 1,
        "the append is one transaction, guarded by the ETag the query read: "
            + kinds
            + " -> "
            + fresh.storageRequestsByKind());
    assertEquals(events(0, 6), result(open(vertx).history().load("one-page")).events());
  }

  @Test
  void aHistoryLargerThanOnePageIsReadWhole(Vertx vertx) {
    TaskHubStore writer = open(vertx);
    List<HistoryEvent> all = events(0, 1_100);
    String etag = result(writer.history().append("many-pages", null, all));

    StoredHistory loaded = result(open(vertx).history().load("many-pages"));
    assertEquals(all, loaded.events());
    assertEquals(etag, loaded.etag());
  }

  @Test
  void anEmptyOrMissingHistoryLoadsEmptyInOneQuery(Vertx vertx) {
    AzureBackend fresh = backend();
    TaskHubStore reader = open(vertx, fresh);
    long before = fresh.storageRequests();
    assertEquals(StoredHistory.EMPTY, result(reader.history().load("never-written")));
    assertEquals(1, fresh.storageRequests() - before);
  }

  @Test
  void theFirstRowWriteOfALocalStartReadsNoRow(Vertx vertx) throws Exception {
    AzureBackend backend = backend();
    var reachedSecondStep = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    Baton baton =
        Baton.builder(vertx)
            .backend(backend)
            .options(
                new BatonOptions()
                    .setTaskHub(hubName)
                    .setPartitionCount(1)
                    .setMaxPollInterval(Duration.ofMillis(100)))
            .addOrchestrator(
                "two",
                ctx -> {
                  ctx.callActivity("step", 1, Integer.class).await();
                  return ctx.callActivity("wait", 2, Integer.class).await();
                })
            .addActivity("step", ctx -> ctx.input(Integer.class))
            .addActivity(
                "wait",
                ctx -> {
                  reachedSecondStep.countDown(); // the Running row was written before step 1
                  release.await(30, TimeUnit.SECONDS); // an activity thread, not an event loop
                  return ctx.input(Integer.class);
                })
            .build();
    result(baton.start());
    try {
      long readsBefore = tableGets(backend);
      String id = result(baton.client().scheduleNewOrchestration("two", null));
      assertTrue(reachedSecondStep.await(30, TimeUnit.SECONDS), "the orchestration ran");
      assertEquals(
          0,
          tableGets(backend) - readsBefore,
          "no row (and no history) was read on the way: " + backend.storageRequestsByKind());
      release.countDown();
      var done = result(baton.client().waitForInstanceCompletion(id, Duration.ofSeconds(30)));
      assertEquals(RuntimeStatus.COMPLETED, done.status());
      assertEquals(
          RuntimeStatus.COMPLETED, result(open(vertx).instances().get(id)).value().status());
    } finally {
      release.countDown();
      result(baton.close());
    }
  }

  private static long tableGets(AzureBackend backend) {
    return backend.storageRequestsByKind().getOrDefault("table GET", 0L);
  }
}
