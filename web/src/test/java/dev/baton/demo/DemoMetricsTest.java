package dev.baton.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.engine.BlockedLoops;
import dev.baton.web.MetricsHandler;
import dev.baton.web.PrometheusText;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The demo's {@code /metrics} over loopback HTTP: after the reference scenario ran, the engine's
 * meters show its episodes, activities, entity operations, storage calls and partitions, and they
 * move when it runs again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoMetricsTest {

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
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
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

  private PrometheusText scrape() throws Exception {
    HttpResponse<Buffer> r = get(DemoServer.METRICS_PATH);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals(MetricsHandler.CONTENT_TYPE, r.getHeader("Content-Type"));
    return new PrometheusText(r.bodyAsString());
  }

  /** Scrapes until {@code done} holds, 30 s at most; returns that scrape. */
  private PrometheusText scrapeUntil(String what, Predicate<PrometheusText> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      PrometheusText m = scrape();
      if (done.test(m)) {
        return m;
      }
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      vertx.timer(20, TimeUnit.MILLISECONDS).await();
    }
  }

  private void runScenario(String runId) throws Exception {
    HttpResponse<Buffer> started = get("/api/start?run_id=" + runId + "&hellos_count=2");
    assertEquals(202, started.statusCode(), started.bodyAsString());
    String status = started.bodyAsJsonObject().getString("statusQueryGetUri");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (web.getAbs(status).send().await(30, TimeUnit.SECONDS).statusCode() == 202) {
      assertTrue(System.nanoTime() < deadline, "still running after 30 s: " + status);
      vertx.timer(20, TimeUnit.MILLISECONDS).await();
    }
  }

  @Test
  void theEnginesMetersAreServedAndMoveAsTheScenarioRuns() throws Exception {
    runScenario("m1");
    PrometheusText m =
        scrapeUntil(
            "the entity's two operations are counted",
            s -> s.sum("baton_entity_operations_total", "name=\"session_handler\"") >= 2);
    String hub = "hub=\"demo\"";
    double orchestrations =
        m.sum("baton_episodes_seconds_count", hub, "name=\"message_orchestrator\"");
    assertTrue(orchestrations >= 3, "start and two activity results: " + orchestrations);
    assertEquals(2, m.sum("baton_activities_seconds_count", "name=\"message_logger\""));
    assertEquals(0, m.sum("baton_activities_failed_total", "name=\"message_logger\""));
    assertEquals(4, m.sum("baton_partitions_owned", hub));
    List<PrometheusText.Sample> backlog = m.find("baton_partition_backlog", hub);
    assertEquals(4, backlog.size(), "one backlog per partition");
    assertTrue(backlog.stream().allMatch(b -> b.value() >= 0), "backlogs are counts: " + backlog);
    for (String kind : List.of("history.append", "instances.update", "control.send")) {
      assertTrue(
          m.sum("baton_storage_requests_total", hub, "kind=\"" + kind + "\"") > 0, "kind " + kind);
    }
    assertTrue(m.sum("baton_commits_seconds_count", hub) >= 3);
    assertTrue(m.sum("baton_cache_hits_total", hub) >= 2);
    assertTrue(m.sum("baton_messages_received_total", hub, "queue=\"control\"") > 0);
    assertTrue(m.sum("baton_episode_replayed_events_count", hub) >= 3);

    runScenario("m2");
    PrometheusText after =
        scrapeUntil(
            "the second run's entity operations are counted",
            s -> s.sum("baton_entity_operations_total", "name=\"session_handler\"") >= 4);
    assertEquals(4, after.sum("baton_activities_seconds_count", "name=\"message_logger\""));
    assertTrue(
        after.sum("baton_episodes_seconds_count", hub, "name=\"message_orchestrator\"")
            >= orchestrations + 3);
    assertTrue(
        after.sum("baton_storage_requests_total", hub, "kind=\"history.append\"")
            > m.sum("baton_storage_requests_total", hub, "kind=\"history.append\""));
  }
}
