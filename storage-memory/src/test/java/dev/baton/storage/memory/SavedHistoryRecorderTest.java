package dev.baton.storage.memory;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.StartOptions;
import dev.baton.core.engine.EngineFixture;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryJson;
import dev.baton.core.testing.SampleOrchestrators;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records the histories that {@code SavedHistoriesTest} replays on every build, and checks that
 * each recorded history is whole. Every build records into a temporary folder; to refresh the saved
 * ones run {@code ./baton.sh mvn -pl storage-memory -am verify -Dtest=SavedHistoryRecorderTest
 * -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbaton.recordHistories=$PWD/core/src/test/resources/histories}.
 */
@ExtendWith(VertxExtension.class)
class SavedHistoryRecorderTest {

  @Test
  void recordsAWholeHistoryOfEverySample(Vertx vertx) throws IOException {
    String dir = System.getProperty("baton.recordHistories");
    Path out = dir != null ? Path.of(dir) : Files.createTempDirectory("baton-histories");
    Files.createDirectories(out);
    try (var fixture = new EngineFixture(vertx, MemoryBackend.create())) {
      DurableClient client = fixture.start(SampleOrchestrators::register).client();
      run(client, "sample_greetings", "greetings-1", null);
      run(client, "sample_fan_out", "fan-out-1", null);
      run(client, "sample_retry", "retry-1", null);
      run(client, "sample_parent", "parent-1", null);

      start(client, "sample_events", "events-1", null);
      await(client.raiseEvent("events-1", "approval", "yes"));
      complete(client, "events-1");

      run(client, "sample_http", "http-1", serveJobs(vertx));

      start(client, "sample_eternal", "eternal-1", 0);
      for (String tick : new String[] {"a", "b", "c", "stop"}) {
        await(client.raiseEvent("eternal-1", "tick", tick));
      }
      complete(client, "eternal-1");

      start(client, "sample_suspended", "suspended-1", null);
      await(client.suspend("suspended-1", "pause"));
      awaitStatus(client, "suspended-1", RuntimeStatus.SUSPENDED);
      await(client.raiseEvent("suspended-1", "go", "Paris"));
      awaitHistory(client, "suspended-1");
      await(client.resume("suspended-1", "go on"));
      complete(client, "suspended-1");

      start(client, "sample_suspended", "terminated-1", null);
      await(client.terminate("terminated-1", "not needed"));
      complete(client, "terminated-1");

      for (String id :
          new String[] {
            "greetings-1",
            "fan-out-1",
            "retry-1",
            "parent-1",
            "sample-kid",
            "events-1",
            "eternal-1",
            "suspended-1",
            "terminated-1",
            "http-1"
          }) {
        String json = HistoryJson.encodeList(await(client.getInstanceHistory(id)));
        Files.writeString(out.resolve(id + ".json"), new JsonArray(json).encodePrettily() + "\n");
        var saved = HistoryJson.decodeList(Files.readString(out.resolve(id + ".json")));
        assertInstanceOf(HistoryEvent.ExecutionStarted.class, saved.get(1), id);
        HistoryEvent last = saved.getLast();
        assertTrue(
            last instanceof HistoryEvent.ExecutionCompleted
                || last instanceof HistoryEvent.ExecutionTerminated,
            id + " ends with its execution: " + last);
      }
    }
  }

  /**
   * A loopback server for {@code sample_http}: its first POST answers 503, the next 202 with a
   * Location, whose first GET answers 202 again and second 200.
   */
  private static String serveJobs(Vertx vertx) {
    var posts = new AtomicInteger();
    var polls = new AtomicInteger();
    HttpServer server =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    req -> {
                      if (req.method() == HttpMethod.POST && posts.incrementAndGet() == 1) {
                        req.response().setStatusCode(503).end("busy");
                      } else if (req.method() == HttpMethod.POST) {
                        req.response().setStatusCode(202).putHeader("Location", "/jobs/1").end();
                      } else if (polls.incrementAndGet() == 1) {
                        req.response().setStatusCode(202).end();
                      } else {
                        req.response().putHeader("X-Job", "1").end("done");
                      }
                    })
                .listen(0, "127.0.0.1"));
    return "http://127.0.0.1:" + server.actualPort();
  }

  private static void run(DurableClient client, String name, String id, Object input) {
    start(client, name, id, input);
    complete(client, id);
  }

  private static void start(DurableClient client, String name, String id, Object input) {
    await(client.scheduleNewOrchestration(name, input, new StartOptions().setInstanceId(id)));
    await(client.waitForInstanceStart(id, Duration.ofSeconds(30)));
  }

  private static void awaitStatus(DurableClient client, String id, RuntimeStatus status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (await(client.getInstance(id)).status() != status) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(id + " never became " + status);
      }
      Thread.onSpinWait();
    }
  }

  private static void awaitHistory(DurableClient client, String id) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (await(client.getInstanceHistory(id)).stream()
        .noneMatch(HistoryEvent.EventRaised.class::isInstance)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no event in the history of " + id);
      }
      Thread.onSpinWait();
    }
  }
}
