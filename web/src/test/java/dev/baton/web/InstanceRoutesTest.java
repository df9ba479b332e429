package dev.baton.web;

import static dev.baton.web.ApiFixture.await;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The orchestration-instance routes over real HTTP: start, status, list, purge, terminate. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceRoutesTest {

  private static final Pattern WIRE_TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

  private ApiFixture f;

  @BeforeAll
  void start() {
    f = new ApiFixture();
  }

  @AfterAll
  void stop() {
    f.close();
  }

  private InstanceMetadata finished(String id) {
    return await(f.client().waitForInstanceCompletion(id, Duration.ofSeconds(30)));
  }

  private String running(String id) {
    await(
        f.client()
            .scheduleNewOrchestration(
                TestFunctions.WAIT, null, new StartOptions().setInstanceId(id)));
    await(f.client().waitForInstanceStart(id, Duration.ofSeconds(30)));
    return id;
  }

  @Test
  void startAnswers202WithTheCheckStatusPayload() {
    Reply r = f.call(POST, f.path("/orchestrators/echo"), "{\"a\":1}");
    assertEquals(202, r.status(), r.body());
    JsonObject p = r.json();
    String id = p.getString("id");
    String common = "taskHub=" + f.hub + "&connection=Storage";
    String base = "http://127.0.0.1:" + f.port() + "/runtime/webhooks/durabletask/instances/" + id;
    assertEquals(base + "?" + common, p.getString("statusQueryGetUri"));
    assertEquals(p.getString("statusQueryGetUri"), r.header("Location"));
    assertEquals("10", r.header("Retry-After"));
    assertEquals(base + "/raiseEvent/{eventName}?" + common, p.getString("sendEventPostUri"));
    assertEquals(base + "/terminate?reason={text}&" + common, p.getString("terminatePostUri"));
    assertEquals(base + "?" + common, p.getString("purgeHistoryDeleteUri"));
    assertEquals(base + "/restart?" + common, p.getString("restartPostUri"));
    assertEquals(base + "/suspend?reason={text}&" + common, p.getString("suspendPostUri"));
    assertEquals(base + "/resume?reason={text}&" + common, p.getString("resumePostUri"));
    assertEquals(base + "/rewind?reason={text}&" + common, p.getString("rewindPostUri"));
    assertEquals(Map.of("a", 1), finished(id).readOutput(Map.class));
  }

  @Test
  void startWithAnIdAndAVersionKeepsBoth() {
    Reply r =
        f.call(
            POST, f.path("/orchestrators/echo/versioned-1/?version=2.1&taskHub=&code="), "[1,2]");
    assertEquals(202, r.status(), r.body());
    assertEquals("versioned-1", r.json().getString("id"));
    InstanceMetadata done = finished("versioned-1");
    assertEquals("2.1", done.version());
    assertEquals(List.of(1, 2), done.readOutput(List.class));
  }

  @Test
  void anEmptyBodyIsANullInput() {
    Reply r = f.call(POST, f.path("/orchestrators/echo/empty-body"));
    assertEquals(202, r.status(), r.body());
    InstanceMetadata done = finished("empty-body");
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertNull(done.input());
    Reply status = f.call(GET, f.path("/instances/empty-body"));
    assertTrue(status.json().containsKey("input"));
    assertTrue(status.json().containsKey("output"));
    assertNull(status.json().getValue("output"));
  }

  @Test
  void malformedJsonIs400AndStartsNothing() {
    Reply r = f.call(POST, f.path("/orchestrators/echo/bad-json"), "{\"a\":");
    assertEquals(400, r.status());
    assertEquals("BATON-118", r.json().getString("error"));
    assertEquals(404, f.call(GET, f.path("/instances/bad-json")).status());
  }

  @Test
  void anUnknownOrchestratorIs400() {
    Reply r = f.call(POST, f.path("/orchestrators/no_such_function"), "1");
    assertEquals(400, r.status());
    assertEquals("BATON-102", r.json().getString("error"));
    assertTrue(r.json().getString("message").contains("no_such_function"), r.body());
  }

  @Test
  void anIdOfARunningInstanceIs409AndAFinishedOneIsReplaced() {
    running("dup-running");
    Reply r = f.call(POST, f.path("/orchestrators/echo/dup-running"), "1");
    assertEquals(409, r.status());
    assertEquals("BATON-104", r.json().getString("error"));

    assertEquals(202, f.call(POST, f.path("/orchestrators/echo/dup-done"), "1").status());
    finished("dup-done");
    assertEquals(202, f.call(POST, f.path("/orchestrators/echo/dup-done"), "2").status());
    assertEquals(
        2,
        await(f.client().waitForInstanceCompletion("dup-done", Duration.ofSeconds(30)))
            .readOutput(Integer.class));
  }

  /** {@code id} percent-encoded for a path segment, as Durable Functions' clients send it. */
  private static String encoded(String id) {
    return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  @Test
  void idsWithSlashesHashesQuestionMarksAndControlCharactersWorkPercentEncoded() {
    var json =
        io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
    for (String id : List.of("a/b", "a\\b", "a#b", "a?b", "a\u0001b", "a^0b", "x/%2F")) {
      String path = "/instances/" + encoded(id);
      Reply started =
          f.call(POST, f.path("/orchestrators/" + TestFunctions.APPROVAL + "/" + encoded(id)), "1");
      assertEquals(202, started.status(), id + ": " + started.body());
      assertEquals(id, started.json().getString("id"));
      String statusUri = started.json().getString("statusQueryGetUri");
      assertTrue(statusUri.contains(path + "?"), statusUri);
      assertEquals(statusUri, started.header("Location"));
      Reply running = f.pollUntil(f.path(path), r -> r.status() == 202);
      assertEquals(id, running.json().getString("instanceId"));
      f.until(
          id + " waits for its event",
          () -> await(f.client().getInstance(id)).status() == RuntimeStatus.RUNNING);
      assertEquals(
          202, f.call(POST, f.path(path + "/raiseEvent/approval"), "\"yes\"", json).status(), id);
      Reply done = f.pollUntil(f.path(path + "?showHistory=true"), r -> r.status() == 200);
      assertEquals("yes", done.json().getValue("output"), done.body());
      assertEquals(id, done.json().getString("instanceId"));
      assertFalse(done.json().getJsonArray("historyEvents").isEmpty(), done.body());
      Reply purged = f.call(DELETE, f.path(path));
      assertEquals(200, purged.status(), id + ": " + purged.body());
      assertEquals(404, f.call(GET, f.path(path)).status(), id);
    }
    String id = "stop/me?#";
    running(id);
    assertEquals(
        202, f.call(POST, f.path("/instances/" + encoded(id) + "/terminate?reason=x")).status());
    assertEquals(RuntimeStatus.TERMINATED, finished(id).status());
  }

  @Test
  void idsWithLeadingWhiteSpaceOrOverTheLimitAre400() {
    for (String id : List.of("%20lead", "trail%09", "x".repeat(300))) {
      Reply r = f.call(POST, f.path("/orchestrators/echo/" + id), "1");
      assertEquals(400, r.status(), id + ": " + r.body());
      assertEquals("BATON-105", r.json().getString("error"), id);
      assertEquals(400, f.call(GET, f.path("/instances/" + id)).status(), id);
    }
  }

  @Test
  void aRunningInstanceIs202WithLocationAndRetryAfter() {
    running("status-running");
    String uri = f.path("/instances/status-running?taskHub=x&connection=&code=");
    Reply r = f.call(GET, uri);
    assertEquals(202, r.status(), r.body());
    assertEquals("http://127.0.0.1:" + f.port() + uri, r.header("Location"));
    assertEquals("5", r.header("Retry-After"));
    JsonObject s = r.json();
    assertEquals("Running", s.getString("runtimeStatus"));
    assertEquals("waiting", s.getValue("customStatus"));
    assertTrue(s.containsKey("output") && s.containsKey("input"), r.body());
  }

  @Test
  void aFinishedInstanceIs200WithDurableFunctionsShape() {
    assertEquals(
        202, f.call(POST, f.path("/orchestrators/echo/status-done"), "{\"k\":\"v\"}").status());
    finished("status-done");
    Reply r = f.call(GET, f.path("/instances/status-done/"));
    assertEquals(200, r.status(), r.body());
    JsonObject s = r.json();
    assertEquals("echo", s.getString("name"));
    assertEquals("status-done", s.getString("instanceId"));
    assertEquals("Completed", s.getString("runtimeStatus"));
    assertEquals(new JsonObject().put("k", "v"), s.getJsonObject("input"));
    assertEquals(new JsonObject().put("k", "v"), s.getJsonObject("output"));
    assertTrue(s.containsKey("customStatus"));
    assertTrue(WIRE_TIME.matcher(s.getString("createdTime")).matches(), s.getString("createdTime"));
    assertTrue(WIRE_TIME.matcher(s.getString("lastUpdatedTime")).matches());
    assertFalse(s.containsKey("historyEvents"));

    JsonObject hidden = f.call(GET, f.path("/instances/status-done?showInput=false")).json();
    assertTrue(hidden.containsKey("input"));
    assertNull(hidden.getValue("input"));
  }

  @Test
  void aFailedInstanceIs200Or500WhenAsked() {
    assertEquals(202, f.call(POST, f.path("/orchestrators/fail/status-failed")).status());
    finished("status-failed");
    Reply r = f.call(GET, f.path("/instances/status-failed"));
    assertEquals(200, r.status());
    assertEquals("Failed", r.json().getString("runtimeStatus"));
    assertTrue(r.json().getString("output").contains("boom"), r.body());
    Reply asked =
        f.call(GET, f.path("/instances/status-failed?returnInternalServerErrorOnFailure=true"));
    assertEquals(500, asked.status());
    assertEquals("Failed", asked.json().getString("runtimeStatus"));
  }

  @Test
  void anUnknownInstanceIs404() {
    Reply r = f.call(GET, f.path("/instances/nobody-here"));
    assertEquals(404, r.status());
    assertEquals("BATON-108", r.json().getString("error"));
  }

  @Test
  void aBadBooleanParameterIs400() {
    Reply r = f.call(GET, f.path("/instances/nobody-here?showHistory=yes"));
    assertEquals(400, r.status());
    assertTrue(r.json().getString("message").contains("showHistory"));
  }

  @Test
  void historyIsRenderedAsDurableFunctionsShowsIt() {
    String start = "/orchestrators/message_orchestrator/history-1";
    assertEquals(202, f.call(POST, f.path(start), "{\"hellos_count\":3}").status());
    finished("history-1");
    JsonArray events =
        f.call(GET, f.path("/instances/history-1?showHistory=true"))
            .json()
            .getJsonArray("historyEvents");
    List<String> types = events.stream().map(e -> ((JsonObject) e).getString("EventType")).toList();
    assertEquals(
        List.of("ExecutionStarted", "TaskCompleted", "TaskCompleted", "ExecutionCompleted"), types);
    JsonObject started = events.getJsonObject(0);
    assertEquals("message_orchestrator", started.getString("FunctionName"));
    assertEquals("{\"hellos_count\":3}", started.getString("Input"));
    JsonObject task = events.getJsonObject(1);
    assertEquals("message_logger", task.getString("FunctionName"));
    assertTrue(task.containsKey("ScheduledTime") && task.containsKey("Timestamp"));
    assertFalse(task.containsKey("Result"));
    assertEquals("Completed", events.getJsonObject(3).getString("OrchestrationStatus"));
    assertFalse(events.getJsonObject(3).containsKey("Result"));

    JsonArray withOutput =
        f.call(
                GET,
                f.path(
                    "/instances/history-1?showHistory=true&showHistoryOutput=true&showInput=false"))
            .json()
            .getJsonArray("historyEvents");
    assertEquals("Hello Text 1 - 3!", withOutput.getJsonObject(1).getString("Result"));
    assertEquals(
        new JsonArray().add("Hello Text 1 - 3!").add("Hello Text 2 - 3!"),
        withOutput.getJsonObject(3).getJsonArray("Result"));
    assertFalse(withOutput.getJsonObject(0).containsKey("Input"));
  }

  @Test
  void startWithATimeoutAnswersTheOutputWhenItCompletes() {
    Reply r =
        f.call(
            POST,
            f.path("/orchestrators/echo/wait-ok?timeout=20&pollingInterval=1"),
            "{\"x\":[1]}");
    assertEquals(200, r.status(), r.body());
    assertEquals(new JsonObject().put("x", new JsonArray().add(1)), r.json());
  }

  @Test
  void startWithATimeoutAnswersTheStatusOfAFailure() {
    Reply r = f.call(POST, f.path("/orchestrators/fail/wait-fail?timeout=20&pollingInterval=1"));
    assertEquals(200, r.status(), r.body());
    assertEquals("Failed", r.json().getString("runtimeStatus"));
    Reply asked =
        f.call(
            POST,
            f.path(
                "/orchestrators/fail/wait-fail-500?timeout=20&pollingInterval=1"
                    + "&returnInternalServerErrorOnFailure=true"));
    assertEquals(500, asked.status(), asked.body());
    assertEquals("Failed", asked.json().getString("runtimeStatus"));
  }

  @Test
  void startWithATimeoutAnswers202WhenTimeRunsOut() {
    Reply r =
        f.call(
            POST,
            f.path("/orchestrators/wait_an_hour/wait-timeout?timeout=0.2&pollingInterval=0.1"));
    assertEquals(202, r.status(), r.body());
    assertEquals("wait-timeout", r.json().getString("id"));
    assertEquals(r.json().getString("statusQueryGetUri"), r.header("Location"));
  }

  @Test
  void listFiltersByPrefixStatusAndCreatedTime() {
    Instant before = Instant.now().minusSeconds(1);
    for (int i = 0; i < 3; i++) {
      assertEquals(
          202, f.call(POST, f.path("/orchestrators/echo/list-done-" + i), "" + i).status());
      finished("list-done-" + i);
    }
    running("list-running-0");
    Reply all = f.call(GET, f.path("/instances/?instanceIdPrefix=list-&showInput=true"));
    assertEquals(200, all.status(), all.body());
    assertEquals(4, all.array().size());
    assertNull(all.header("x-ms-continuation-token"));
    JsonObject first = all.array().getJsonObject(0);
    assertEquals("list-done-0", first.getString("instanceId"));
    assertEquals(0, first.getInteger("input"));
    assertTrue(first.containsKey("output"));

    Reply done =
        f.call(GET, f.path("/instances?instanceIdPrefix=list-&runtimeStatus=Completed,Failed"));
    assertEquals(3, done.array().size());
    assertNull(done.array().getJsonObject(0).getValue("input")); // showInput defaults to false

    String from = before.toString().replaceFirst("\\.\\d+Z$", ".123Z");
    Reply since = f.call(GET, f.path("/instances?instanceIdPrefix=list-&createdTimeFrom=" + from));
    assertEquals(4, since.array().size());
    Reply none =
        f.call(GET, f.path("/instances?instanceIdPrefix=list-&createdTimeTo=2000-01-01T00:00:00Z"));
    assertEquals(0, none.array().size());
  }

  @Test
  void badListParametersAre400() {
    assertEquals(400, f.call(GET, f.path("/instances?runtimeStatus=Sleeping")).status());
    assertEquals(400, f.call(GET, f.path("/instances?top=0")).status());
    assertEquals(400, f.call(GET, f.path("/instances?top=many")).status());
    assertEquals(400, f.call(GET, f.path("/instances?createdTimeFrom=yesterday")).status());
    var headers =
        io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("x-ms-continuation-token", "%%%");
    Reply r = f.call(GET, f.path("/instances"), null, headers);
    assertEquals(400, r.status(), r.body());
  }

  @Test
  void purgeOneAnswersTheCount() {
    assertEquals(202, f.call(POST, f.path("/orchestrators/echo/purge-one"), "1").status());
    finished("purge-one");
    Reply r = f.call(DELETE, f.path("/instances/purge-one"));
    assertEquals(200, r.status(), r.body());
    assertEquals(new JsonObject().put("instancesDeleted", 1), r.json());
    assertEquals(404, f.call(DELETE, f.path("/instances/purge-one")).status());
    assertEquals(404, f.call(GET, f.path("/instances/purge-one")).status());
  }

  @Test
  void purgingAnUnfinishedInstanceIs412() {
    running("purge-running");
    Reply r = f.call(DELETE, f.path("/instances/purge-running/"));
    assertEquals(412, r.status(), r.body());
    assertEquals("BATON-110", r.json().getString("error"));
  }

  @Test
  void terminateAnswers202AndKeepsTheUnencodedReason() {
    running("term-1");
    Reply r = f.call(POST, f.path("/instances/term-1/terminate?reason=stop&now&taskHub=hub"));
    assertEquals(202, r.status(), r.body());
    InstanceMetadata done = finished("term-1");
    assertEquals(RuntimeStatus.TERMINATED, done.status());
    assertEquals("stop&now", done.readOutput(String.class));
    Reply status = f.call(GET, f.path("/instances/term-1"));
    assertEquals(200, status.status());
    assertEquals("Terminated", status.json().getString("runtimeStatus"));
    assertEquals("stop&now", status.json().getString("output"));

    assertEquals(410, f.call(POST, f.path("/instances/term-1/terminate?reason=again")).status());
    assertEquals(404, f.call(POST, f.path("/instances/nobody/terminate?reason=x")).status());
  }

  @Test
  void anUnknownRouteIsAJson404() {
    Reply r = f.call(GET, f.path("/nothing/here"));
    assertEquals(404, r.status());
    assertEquals("BATON-121", r.json().getString("error"));
    assertEquals(404, f.call(io.vertx.core.http.HttpMethod.PUT, f.path("/instances/x")).status());
  }
}
