package dev.baton.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import dev.baton.core.engine.BlockedLoops;
import dev.baton.storage.azure.AzureBackend;
import dev.baton.storage.azure.AzureStorageOptions;
import dev.baton.storage.azure.testing.Azurite;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The demo serves the dashboard at {@code /dashboard} by default, on the memory backend and on
 * Azure Storage (Azurite), where the reference scenario's entity state outgrows a table property,
 * is kept in a blob, and the dashboard still reads all of it through the client.
 */
class DemoDashboardTest {

  @Test
  void theDemoServesTheDashboardWithTheScenarioOnTheMemoryBackend() throws Exception {
    Vertx vertx = Vertx.vertx();
    BlockedLoops blocked = BlockedLoops.watch(vertx);
    DemoServer server = DemoServer.start(vertx, "127.0.0.1", 0).await(30, TimeUnit.SECONDS);
    try {
      WebClient web = client(vertx, server);
      HttpResponse<Buffer> page = get(web, "/dashboard/");
      assertEquals(200, page.statusCode());
      assertTrue(page.getHeader("Content-Type").startsWith("text/html"));
      JsonObject instance = runScenario(vertx, web, "mem");
      assertEquals(2, activities(instance));
    } finally {
      server.close().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    assertEquals(List.of(), blocked.reports(), "no event loop may be blocked");
  }

  @Test
  void onAzureTheEntityStateKeptInABlobIsReadWhole() throws Exception {
    Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path storageAzure = module.resolveSibling("storage-azure");
    Path install =
        Files.exists(storageAzure.resolve("package.json"))
            ? storageAzure
            : module.resolve("target/azurite");
    try (Azurite azurite = Azurite.start(install, module.resolve("target/azurite-state"))) {
      Vertx vertx = Vertx.vertx();
      BlockedLoops blocked = BlockedLoops.watch(vertx);
      AzureBackend backend =
          AzureBackend.create(
              new AzureStorageOptions().setConnectionString(azurite.connectionString()));
      DemoServer server =
          DemoServer.start(vertx, "127.0.0.1", 0, backend).await(60, TimeUnit.SECONDS);
      try {
        WebClient web = client(vertx, server);
        JsonObject instance = runScenario(vertx, web, "az");
        assertEquals(2, activities(instance));
        JsonObject entity =
            poll(
                    vertx,
                    web,
                    "/dashboard/api/entities/session_handler/my_counter_az",
                    r -> r.statusCode() == 200)
                .bodyAsJsonObject();
        String state = entity.getJsonObject("state").getString("text");
        assertEquals(state.length(), entity.getInteger("stateLength"));
        assertTrue(state.length() > 64 * 1024, "past a table property: " + state.length());
        var read = new JsonObject(state);
        assertEquals(2, read.getInteger("count"));
        assertEquals(2, read.getJsonArray("log").size());
        assertEquals(ReferenceScenario.PARAGRAPH, read.getJsonArray("log").getString(1));

        List<String> blobs =
            new BlobServiceClientBuilder()
                    .connectionString(azurite.connectionString())
                    .buildClient()
                    .getBlobContainerClient("demo-largemessages")
                    .listBlobs()
                    .stream()
                    .map(BlobItem::getName)
                    .toList();
        assertTrue(
            blobs.stream().anyMatch(n -> n.startsWith("history/") && n.contains("session_handler")),
            "the entity's state is kept in a blob: " + blobs);
      } finally {
        server.close().await(30, TimeUnit.SECONDS);
        backend.close().await(30, TimeUnit.SECONDS);
        vertx.close().await(30, TimeUnit.SECONDS);
      }
      assertEquals(List.of(), blocked.reports(), "no event loop may be blocked");
    }
  }

  private static WebClient client(Vertx vertx, DemoServer server) {
    return WebClient.create(
        vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
  }

  private static HttpResponse<Buffer> get(WebClient web, String uri) throws Exception {
    return web.get(uri).send().await(30, TimeUnit.SECONDS);
  }

  /** Starts the scenario through its HTTP function; the dashboard's view of it once finished. */
  private static JsonObject runScenario(Vertx vertx, WebClient web, String runId) throws Exception {
    HttpResponse<Buffer> started =
        get(web, DemoServer.START_PATH + "?run_id=" + runId + "&hellos_count=3");
    assertEquals(202, started.statusCode(), started.bodyAsString());
    JsonObject done =
        poll(
                vertx,
                web,
                "/dashboard/api/instances/instance" + runId,
                r -> r.statusCode() == 200 && r.bodyAsJsonObject().getBoolean("finished"))
            .bodyAsJsonObject();
    assertEquals("Completed", done.getString("runtimeStatus"));
    return done;
  }

  private static HttpResponse<Buffer> poll(
      Vertx vertx, WebClient web, String uri, Predicate<HttpResponse<Buffer>> done)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      HttpResponse<Buffer> r = get(web, uri);
      if (done.test(r)) {
        return r;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no matching answer from "
                + uri
                + " in 60 s; last: "
                + r.statusCode()
                + " "
                + r.bodyAsString());
      }
      vertx.timer(50, TimeUnit.MILLISECONDS).await();
    }
  }

  private static long activities(JsonObject instance) {
    return instance.getJsonObject("timeline").getJsonArray("spans").stream()
        .filter(o -> "activity".equals(((JsonObject) o).getString("kind")))
        .count();
  }
}
