package dev.baton.storage.azure;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.models.BlobItem;
import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.core.engine.EngineTestBase;
import dev.baton.core.engine.TestEntities;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityMetadata;
import dev.baton.core.spi.Backend;
import dev.baton.storage.azure.impl.AzureClients;
import dev.baton.storage.azure.impl.TaskHubNames;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reference scenario on Azure Storage: the session entity grows past what a table property
 * holds (64 KiB), so its state travels as a gzipped blob in {@code {hub}-largemessages} with only
 * the blob's name in the history row, and reads back identical; the orchestration beside it
 * completes with both greetings.
 */
@ExtendWith(AzuriteExtension.class)
class AzureReferenceScenarioTest extends EngineTestBase {

  private static final String PARAGRAPH =
      "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt"
          + " ut labore et dolore magna aliqua. ";

  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }

  /** {@code add n}: the count grows by n and the log by n paragraphs; {@code get}: the count. */
  private static Baton.Builder scenario(Baton.Builder b) {
    return b.addEntity(
            "session_handler",
            ctx -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> state = ctx.hasState() ? ctx.state(Map.class) : null;
              int count = state == null ? 0 : ((Number) state.get("count")).intValue();
              @SuppressWarnings("unchecked")
              List<String> log =
                  state == null
                      ? new ArrayList<>()
                      : new ArrayList<>((List<String>) state.get("log"));
              if (ctx.operationName().equals("add")) {
                int n = ctx.input(Integer.class);
                for (int i = 0; i < n; i++) {
                  log.add((count + i) + " " + PARAGRAPH.repeat(8));
                }
                ctx.setState(Map.of("count", count + n, "log", log));
                return null;
              }
              return count;
            })
        .addOrchestrator(
            "message_orchestrator",
            ctx -> {
              Object n = ctx.input(Map.class).get("hellos_count");
              String first =
                  ctx.callActivity("message_logger", "Text 1 - " + n, String.class).await();
              String second =
                  ctx.callActivity("message_logger", "Text 2 - " + n, String.class).await();
              return List.of(first, second);
            })
        .addActivity("message_logger", ctx -> "Hello " + ctx.input(String.class) + "!");
  }

  @Test
  void aSessionStateOver64KibIsABlobReferencedFromItsRowAndReadsBackIdentical() {
    Baton baton = fixture.start(AzureReferenceScenarioTest::scenario);
    DurableClient client = baton.client();
    EntityId session = EntityId.of("session_handler", "my_counter_42");
    int runs = 40;
    for (int i = 0; i < runs; i++) {
      await(client.signalEntity(session, "add", 2));
      await(client.signalEntity(session, "get", null));
    }
    String id =
        await(
            client.scheduleNewOrchestration(
                "message_orchestrator",
                Map.of("hellos_count", 3),
                new StartOptions().setInstanceId("instance42")));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals(List.of("Hello Text 1 - 3!", "Hello Text 2 - 3!"), done.readOutput(List.class));

    EntityMetadata m =
        TestEntities.awaitEntity(
            client, session, e -> ((Number) e.readState(Map.class).get("count")).intValue() == 80);
    assertTrue(m.state().length() > 64 * 1024, "the state is " + m.state().length() + " chars");
    List<?> log = (List<?>) m.readState(Map.class).get("log");
    assertEquals(80, log.size());
    assertEquals("79 " + PARAGRAPH.repeat(8), log.get(79));

    var names = new TaskHubNames(fixture.options().getTaskHub());
    AzureClients raw = AzureClients.create(AzuriteExtension.azurite().connectionString(), 2);
    try {
      List<TableEntity> rows =
          raw.tables()
              .getTableClient(names.historyTable())
              .listEntities(
                  new ListEntitiesOptions()
                      .setFilter("PartitionKey eq '" + session.instanceId() + "'"))
              .collectList()
              .block();
      TableEntity last =
          rows.stream()
              .filter(r -> !r.getRowKey().equals("sentinel"))
              .max(Comparator.comparing(TableEntity::getRowKey))
              .orElseThrow();
      String blobName = (String) last.getProperty("EventBlobName");
      assertNotNull(blobName, "the snapshot row names its blob: " + last.getProperties().keySet());
      assertNull(last.getProperty("Event"), "and does not hold the state itself");
      List<String> blobs =
          raw.blobs()
              .getBlobContainerAsyncClient(names.largeMessagesContainer())
              .listBlobs()
              .map(BlobItem::getName)
              .collectList()
              .block();
      assertTrue(blobs.contains(blobName), blobName + " is in " + blobs);
    } finally {
      raw.close().block();
    }
  }
}
