package dev.baton.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.engine.BlockedLoops;
import dev.baton.storage.memory.MemoryBackend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The demo server end to end over loopback HTTP: the reference scenario and a burst of starts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoServerTest {

  private Vertx vertx;
  private DemoServer server;
  private WebClient web;
  private BlockedLoops blocked;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    blocked = BlockedLoops.watch(vertx);
    server = DemoServer.start(vertx, "127.0.0.1", 0).await(30, TimeUnit.SECONDS);
    web =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()),
            new PoolOptions().setHttp1MaxSize(64).setMaxWaitQueueSize(-1));
  }

  @AfterAll
  void stop() throws Exception {
    server.close().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
    assertEquals(List.of(), blocked.reports(), "no event loop may be blocked");
  }

  private HttpResponse<Buffer> get(String uri) throws Exception {
    return web.get(uri).send().await(30, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> pollDone(String absoluteUri) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      HttpResponse<Buffer> r = web.getAbs(absoluteUri).send().await(30, TimeUnit.SECONDS);
      if (r.statusCode() != 202) {
        return r;
      }
      assertTrue(System.nanoTime() < deadline, "still running after 30 s: " + absoluteUri);
      vertx.timer(20, TimeUnit.MILLISECONDS).await();
    }
  }

  @Test
  void theReferenceScenarioRunsThroughHttp() throws Exception {
    HttpResponse<Buffer> started = get("/api/start?run_id=e2e&hellos_count=3");
    assertEquals(202, started.statusCode(), started.bodyAsString());
    JsonObject payload = started.bodyAsJsonObject();
    assertEquals("instancee2e", payload.getString("id"));
    assertEquals(payload.getString("statusQueryGetUri"), started.getHeader("Location"));

    HttpResponse<Buffer> done = pollDone(payload.getString("statusQueryGetUri"));
    assertEquals(200, done.statusCode(), done.bodyAsString());
    JsonObject status = done.bodyAsJsonObject();
    assertEquals("Completed", status.getString("runtimeStatus"));
    assertEquals(new JsonObject().put("hellos_count", 3), status.getJsonObject("input"));
    assertEquals(
        new JsonArray().add("Hello Text 1 - 3!").add("Hello Text 2 - 3!"),
        status.getJsonArray("output"));

    String entity = "/runtime/webhooks/durabletask/entities/session_handler/my_counter_e2e";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    HttpResponse<Buffer> state;
    while ((state = get(entity)).statusCode() != 200) {
      assertTrue(System.nanoTime() < deadline, "no entity state after 30 s: " + state.statusCode());
      vertx.timer(20, TimeUnit.MILLISECONDS).await();
    }
    JsonObject session = state.bodyAsJsonObject();
    assertEquals(2, session.getInteger("count"));
    assertEquals(2, session.getJsonArray("log").size());
    assertTrue(
        state.body().length() > 64 * 1024, "the state outgrew 64 KiB: " + state.body().length());
  }

  @Test
  void theStartTriggerRejectsMissingOrBadParameters() throws Exception {
    assertEquals(400, get("/api/start?run_id=x").statusCode());
    HttpResponse<Buffer> bad = get("/api/start?run_id=x&hellos_count=three");
    assertEquals(400, bad.statusCode());
    assertEquals("BATON-112", bad.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> badId = get("/api/start?run_id=" + "r".repeat(300) + "&hellos_count=1");
    assertEquals(400, badId.statusCode());
    assertEquals("BATON-203", badId.bodyAsJsonObject().getString("error")); // the entity key first
  }

  @Test
  void fiveHundredConcurrentStartsAllComplete() throws Exception {
    int n = 500;
    List<Future<HttpResponse<Buffer>>> starts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      starts.add(
          web.post(
                  "/runtime/webhooks/durabletask/orchestrators/message_orchestrator/instanceburst-"
                      + i)
              .sendJsonObject(new JsonObject().put("hellos_count", i)));
    }
    Future.all(starts).await(60, TimeUnit.SECONDS);
    for (var s : starts) {
      assertEquals(202, s.result().statusCode(), s.result().bodyAsString());
    }
    String completed =
        "/runtime/webhooks/durabletask/instances?instanceIdPrefix=instanceburst-"
            + "&runtimeStatus=Completed&top=1000";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int count;
    while ((count = get(completed).bodyAsJsonArray().size()) < n) {
      assertTrue(System.nanoTime() < deadline, count + " of " + n + " completed after 60 s");
      vertx.timer(50, TimeUnit.MILLISECONDS).await();
    }
    JsonArray all = get(completed).bodyAsJsonArray();
    assertEquals(n, all.size());
    for (Object o : all) {
      JsonObject s = (JsonObject) o;
      String i = s.getString("instanceId").substring("instanceburst-".length());
      assertEquals("Hello Text 2 - " + i + "!", s.getJsonArray("output").getString(1));
    }
  }

  @Test
  void counterMessagesBecomeSignalsToPerKeyEntities() throws Exception {
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> r =
          web.post("/api/counters/apples?amount=3").send().await(30, TimeUnit.SECONDS);
      assertEquals(202, r.statusCode(), r.bodyAsString());
    }
    for (int i = 0; i < 100; i++) {
      vertx
          .eventBus()
          .send(DemoServer.COUNTERS_ADDRESS, new JsonObject().put("key", "pears").put("amount", 1));
    }
    assertEquals(
        400,
        web.post("/api/counters/apples?amount=lots")
            .send()
            .await(30, TimeUnit.SECONDS)
            .statusCode());
    String entities = "/runtime/webhooks/durabletask/entities/counter/";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!"9".equals(get(entities + "apples").bodyAsString())
        || !"100".equals(get(entities + "pears").bodyAsString())) {
      assertTrue(System.nanoTime() < deadline, "counters not reached after 30 s");
      vertx.timer(20, TimeUnit.MILLISECONDS).await();
    }
    assertEquals(0, server.counters().failed());
  }

  @Test
  void theOnceModeRunsTheScenarioAgainstTheServer() throws Exception {
    assertTrue(DemoMain.runOnce(vertx, server.baseUrl(), null));
  }

  @Test
  void beyondLoopbackTheDemoNeedsAKeyAndThenEveryRouteDoes() throws Exception {
    // its own Vert.x: a second demo would share the counters address on this one's event bus
    Vertx other = Vertx.vertx();
    BlockedLoops otherBlocked = BlockedLoops.watch(other);
    try {
      keyedDemo(other);
    } finally {
      other.close().await(30, TimeUnit.SECONDS);
    }
    assertEquals(List.of(), otherBlocked.reports(), "no event loop may be blocked");
  }

  private void keyedDemo(Vertx vertx) throws Exception {
    MemoryBackend unused = MemoryBackend.create();
    Future<DemoServer> open = DemoServer.start(vertx, "0.0.0.0", 0, unused, null);
    try {
      open.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // inspected below
    } finally {
      unused.close().await(30, TimeUnit.SECONDS);
    }
    assertTrue(open.failed(), "an open demo must not listen on every address");
    assertTrue(open.cause().getMessage().contains("refusing to listen on 0.0.0.0"));

    MemoryBackend backend = MemoryBackend.create();
    DemoServer keyed =
        DemoServer.start(vertx, "0.0.0.0", 0, backend, "demo-key").await(30, TimeUnit.SECONDS);
    try {
      String base = "http://127.0.0.1:" + keyed.port();
      HttpResponse<Buffer> anonymous =
          web.getAbs(base + "/api/start?run_id=k&hellos_count=1")
              .send()
              .await(30, TimeUnit.SECONDS);
      assertEquals(401, anonymous.statusCode(), anonymous.bodyAsString());
      assertEquals(
          401,
          web.getAbs(base + "/runtime/webhooks/durabletask/instances")
              .send()
              .await(30, TimeUnit.SECONDS)
              .statusCode());
      assertTrue(DemoMain.runOnce(vertx, base, "demo-key"));
    } finally {
      keyed.close().await(30, TimeUnit.SECONDS);
      backend.close().await(30, TimeUnit.SECONDS);
    }
  }
}
