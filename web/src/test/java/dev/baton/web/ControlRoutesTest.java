package dev.baton.web;

import static dev.baton.web.ApiFixture.await;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The routes that act on live instances: raise event, suspend, resume, rewind, restart. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlRoutesTest {

  private static final MultiMap JSON =
      MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
  private static final MultiMap TEXT =
      MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain");

  private ApiFixture f;

  @BeforeAll
  void start() {
    f = new ApiFixture();
  }

  @AfterAll
  void stop() {
    f.close();
  }

  private String started(String orchestrator, String id) {
    await(
        f.client()
            .scheduleNewOrchestration(orchestrator, null, new StartOptions().setInstanceId(id)));
    await(f.client().waitForInstanceStart(id, Duration.ofSeconds(30)));
    return id;
  }

  private InstanceMetadata finished(String id) {
    return await(f.client().waitForInstanceCompletion(id, Duration.ofSeconds(30)));
  }

  private String statusOf(String id) {
    return f.call(GET, f.path("/instances/" + id)).json().getString("runtimeStatus");
  }

  @Test
  void raiseEventDeliversJsonData() {
    started(TestFunctions.APPROVAL, "ev-1");
    Reply r =
        f.call(
            POST, f.path("/instances/ev-1/raiseEvent/approval?taskHub=x"), "{\"ok\":true}", JSON);
    assertEquals(202, r.status(), r.body());
    assertEquals(new JsonObject().put("ok", true), new JsonObject(finished("ev-1").output()));
  }

  @Test
  void raiseEventWithAnEmptyBodySendsNull() {
    started(TestFunctions.APPROVAL, "ev-empty");
    assertEquals(
        202, f.call(POST, f.path("/instances/ev-empty/raiseEvent/approval/"), null, JSON).status());
    InstanceMetadata done = finished("ev-empty");
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertNull(done.readOutput(Object.class));
  }

  @Test
  void raiseEventChecksInDurableFunctionsOrder() {
    assertEquals(
        404, f.call(POST, f.path("/instances/ev-nobody/raiseEvent/x"), "{", TEXT).status());
    started(TestFunctions.APPROVAL, "ev-done");
    f.call(POST, f.path("/instances/ev-done/raiseEvent/approval"), "1", JSON);
    finished("ev-done");
    assertEquals(410, f.call(POST, f.path("/instances/ev-done/raiseEvent/x"), "{", TEXT).status());
    started(TestFunctions.APPROVAL, "ev-bad");
    Reply text = f.call(POST, f.path("/instances/ev-bad/raiseEvent/approval"), "1", TEXT);
    assertEquals(400, text.status());
    assertTrue(text.json().getString("message").contains("application/json"), text.body());
    Reply json = f.call(POST, f.path("/instances/ev-bad/raiseEvent/approval"), "{", JSON);
    assertEquals(400, json.status());
    assertEquals("BATON-118", json.json().getString("error"));
    assertEquals("Running", statusOf("ev-bad"));
  }

  @Test
  void suspendAndResumeChangeTheStatus() {
    started(TestFunctions.WAIT, "sr-1");
    assertEquals(202, f.call(POST, f.path("/instances/sr-1/suspend?reason=maintenance")).status());
    f.pollUntil(
        f.path("/instances/sr-1"), r -> "Suspended".equals(r.json().getString("runtimeStatus")));
    Reply suspended = f.call(GET, f.path("/instances/sr-1"));
    assertEquals(202, suspended.status(), "a suspended instance is not finished");
    Reply again = f.call(POST, f.path("/instances/sr-1/suspend?reason=again"));
    assertEquals(202, again.status(), "as Durable Functions: " + again.body());

    assertEquals(202, f.call(POST, f.path("/instances/sr-1/resume?reason=done")).status());
    f.pollUntil(
        f.path("/instances/sr-1"), r -> "Running".equals(r.json().getString("runtimeStatus")));
    JsonArray history =
        f.call(GET, f.path("/instances/sr-1?showHistory=true"))
            .json()
            .getJsonArray("historyEvents");
    assertTrue(
        history.stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                e ->
                    "ExecutionSuspended".equals(e.getString("EventType"))
                        && "maintenance".equals(e.getString("Reason"))),
        history.encode());

    // as Durable Functions: an unfinished instance that is not suspended is resumed with 202
    Reply notSuspended = f.call(POST, f.path("/instances/sr-1/resume"));
    assertEquals(202, notSuspended.status(), notSuspended.body());
    assertEquals(
        "Running", f.call(GET, f.path("/instances/sr-1")).json().getString("runtimeStatus"));
    assertEquals(404, f.call(POST, f.path("/instances/sr-nobody/suspend")).status());
    assertEquals(404, f.call(POST, f.path("/instances/sr-nobody/resume")).status());

    await(f.client().terminate("sr-1", "end"));
    finished("sr-1");
    assertEquals(410, f.call(POST, f.path("/instances/sr-1/suspend")).status());
    assertEquals(410, f.call(POST, f.path("/instances/sr-1/resume")).status());
  }

  @Test
  void rewindRunsAFailedInstanceAgain() {
    await(
        f.client()
            .scheduleNewOrchestration(
                TestFunctions.FAIL_ONCE, null, new StartOptions().setInstanceId("rw-1")));
    assertEquals(RuntimeStatus.FAILED, finished("rw-1").status());
    Reply r = f.call(POST, f.path("/instances/rw-1/rewind?reason=fixed"));
    assertEquals(202, r.status(), r.body());
    Reply done =
        f.pollUntil(
            f.path("/instances/rw-1"),
            x -> "Completed".equals(x.json().getString("runtimeStatus")));
    assertEquals("fine", done.json().getString("output"));

    Reply again = f.call(POST, f.path("/instances/rw-1/rewind?reason=again"));
    assertEquals(412, again.status(), again.body());
    assertEquals(404, f.call(POST, f.path("/instances/rw-nobody/rewind")).status());
  }

  @Test
  void restartStartsANewRunAndAnswersItsPayload() {
    assertEquals(202, f.call(POST, f.path("/orchestrators/echo/rs-1"), "{\"v\":1}").status());
    finished("rs-1");
    Reply fresh = f.call(POST, f.path("/instances/rs-1/restart"));
    assertEquals(202, fresh.status(), fresh.body());
    String newId = fresh.json().getString("id");
    assertNotEquals("rs-1", newId);
    assertEquals(fresh.json().getString("statusQueryGetUri"), fresh.header("Location"));
    assertEquals("{\"v\":1}", finished(newId).output());

    Reply same = f.call(POST, f.path("/instances/rs-1/restart?restartWithNewInstanceId=false"));
    assertEquals(202, same.status(), same.body());
    assertEquals("rs-1", same.json().getString("id"));
    assertEquals(RuntimeStatus.COMPLETED, finished("rs-1").status());

    started(TestFunctions.WAIT, "rs-running");
    Reply conflict =
        f.call(POST, f.path("/instances/rs-running/restart?restartWithNewInstanceId=false"));
    assertEquals(409, conflict.status(), conflict.body());
    Reply unknown = f.call(POST, f.path("/instances/rs-nobody/restart"));
    assertEquals(400, unknown.status(), unknown.body());
  }
}
