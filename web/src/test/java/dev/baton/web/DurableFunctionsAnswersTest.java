package dev.baton.web;

import static dev.baton.web.ApiFixture.await;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.entity.EntityId;
import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Answers checked against Durable Functions' own HTTP handler: when a start waits, what a restart
 * honours, how a signal body is read, what {@code taskHub} the URLs carry, and that operation names
 * match in any case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DurableFunctionsAnswersTest {

  private ApiFixture f;

  @BeforeAll
  void start() {
    f = new ApiFixture(new DurableHttpApiOptions().setTaskHub("Hub1"), x -> x.addStartTrigger("x"));
  }

  @AfterAll
  void stop() {
    f.close();
  }

  private static MultiMap json() {
    return MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
  }

  private InstanceMetadata finished(String id) {
    return await(f.client().waitForInstanceCompletion(id, Duration.ofSeconds(30)));
  }

  @Test
  void aStartWaitsOnlyWithBothTimeoutAndPollingInterval() {
    Reply onlyTimeout = f.call(POST, f.path("/orchestrators/echo/only-timeout?timeout=20"), "5");
    assertEquals(202, onlyTimeout.status(), "no wait without pollingInterval: " + onlyTimeout);
    assertEquals("only-timeout", onlyTimeout.json().getString("id"));
    Reply onlyInterval =
        f.call(POST, f.path("/orchestrators/echo/only-interval?pollingInterval=1"), "5");
    assertEquals(202, onlyInterval.status(), onlyInterval.body());
    assertEquals("only-interval", onlyInterval.json().getString("id"));
    Reply both = f.call(POST, f.path("/orchestrators/echo/both?timeout=20&pollingInterval=1"), "5");
    assertEquals(200, both.status(), both.body());
    assertEquals("5", both.body());
  }

  @Test
  void anIntervalOverTheTimeoutIs400BeforeAnythingStarts() {
    Reply r = f.call(POST, f.path("/orchestrators/echo/iv?timeout=1&pollingInterval=2"), "5");
    assertEquals(400, r.status(), r.body());
    assertTrue(r.json().getString("message").contains("must not exceed timeout"), r.body());
    assertEquals(404, f.call(GET, f.path("/instances/iv")).status());
  }

  @Test
  void aRestartHonoursTimeoutAndPollingInterval() {
    assertEquals(202, f.call(POST, f.path("/orchestrators/echo/rs-w"), "{\"v\":2}").status());
    finished("rs-w");
    Reply waited =
        f.call(
            POST,
            f.path(
                "/instances/rs-w/restart?restartWithNewInstanceId=false&timeout=20&pollingInterval=1"));
    assertEquals(200, waited.status(), waited.body());
    assertEquals(new JsonObject().put("v", 2), waited.json());

    String restartedCreated = finished("rs-w").createdAt().toString();
    Reply refused =
        f.call(
            POST,
            f.path(
                "/instances/rs-w/restart?restartWithNewInstanceId=false&timeout=1&pollingInterval=3"));
    assertEquals(400, refused.status(), refused.body());
    assertEquals(restartedCreated, finished("rs-w").createdAt().toString(), "not restarted");
  }

  @Test
  void aSignalBodyWithoutContentTypeIsAString() {
    Reply r = f.call(POST, f.path("/entities/counter/untyped?op=set"), "{\"a\":1}");
    assertEquals(202, r.status(), r.body());
    Reply state = f.pollUntil(f.path("/entities/counter/untyped"), x -> x.status() == 200);
    assertEquals("\"{\\\"a\\\":1}\"", state.body());
    MultiMap json = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
    f.call(POST, f.path("/entities/counter/typed?op=set"), "{\"a\":1}", json);
    Reply typed = f.pollUntil(f.path("/entities/counter/typed"), x -> x.status() == 200);
    assertEquals(new JsonObject().put("a", 1), typed.json());
  }

  @Test
  void aSignalWithoutAnOperationSignalsTheUnnamedOne() {
    Reply noOp = f.call(POST, f.path("/entities/counter/no-op"), "hello");
    assertEquals(202, noOp.status(), noOp.body());
    Reply state = f.pollUntil(f.path("/entities/counter/no-op"), x -> x.status() == 200);
    assertEquals("\"unnamed hello\"", state.body());
    Reply emptyOp = f.call(POST, f.path("/entities/counter/empty-op?op="), "again");
    assertEquals(202, emptyOp.status(), emptyOp.body());
    f.pollUntil(
        f.path("/entities/counter/empty-op"),
        x -> x.status() == 200 && x.body().equals("\"unnamed again\""));
    Reply blank = f.call(POST, f.path("/entities/counter/blank-op?op=%20"), "1");
    assertEquals(400, blank.status(), blank.body());
    assertEquals("BATON-112", blank.json().getString("error"));
    assertEquals(404, f.call(GET, f.path("/entities/counter/blank-op")).status());
  }

  @Test
  void theKeyDollarIsTheEmptyKey() {
    Reply add = f.call(POST, f.path("/entities/counter/$?op=add"), "3", json());
    assertEquals(202, add.status(), add.body());
    Reply state = f.pollUntil(f.path("/entities/COUNTER/$"), x -> x.status() == 200);
    assertEquals("3", state.body());
    assertEquals(
        3,
        ((Number) await(f.client().getEntity(EntityId.of("counter", ""))).readState(Object.class))
            .intValue(),
        "the key $ is the entity @counter@");
    Reply list = f.pollUntil(f.path("/entities/counter"), x -> x.body().contains("\"key\":\"\""));
    assertEquals(200, list.status(), list.body());
    assertEquals(202, f.call(DELETE, f.path("/entities/counter/$")).status());
    f.pollUntil(f.path("/entities/counter/$"), x -> x.status() == 404);
  }

  @Test
  void urlsCarryTheTaskHubAsDurableFunctionsWritesIt() {
    Reply configured = f.call(POST, f.path("/orchestrators/echo"), "1");
    assertTrue(
        configured
            .json()
            .getString("statusQueryGetUri")
            .endsWith("?taskHub=Hub1&connection=Storage"),
        configured.body());
    Reply named =
        f.call(POST, f.path("/orchestrators/echo?taskHub=Other&connection=Conn2&code="), "1");
    JsonObject p = named.json();
    assertTrue(
        p.getString("statusQueryGetUri").endsWith("?taskHub=Other&connection=Conn2"), p.encode());
    assertTrue(
        p.getString("terminatePostUri")
            .endsWith("/terminate?reason={text}&taskHub=Other&connection=Conn2"),
        p.encode());
    // a trigger's URLs name the configured hub, as a client binding's do
    Reply trigger = f.call(POST, "/api/start?taskHub=Other", "");
    assertTrue(
        trigger.json().getString("statusQueryGetUri").endsWith("?taskHub=Hub1&connection=Storage"),
        trigger.body());
  }

  @Test
  void withoutAConfiguredHubTheUrlsNameTheEnginesHub() {
    try (var plain = new ApiFixture()) {
      assertEquals(plain.hub, plain.client().taskHub());
      Reply r = plain.call(POST, plain.path("/orchestrators/echo/hub-1"), "1");
      assertEquals(202, r.status(), r.body());
      for (String name : r.json().fieldNames()) {
        if (name.endsWith("Uri")) {
          assertTrue(
              r.json().getString(name).endsWith("taskHub=" + plain.hub + "&connection=Storage"),
              name + ": " + r.body());
        }
      }
      assertTrue(
          r.header("Location").endsWith("?taskHub=" + plain.hub + "&connection=Storage"),
          r.header("Location"));
    }
  }

  @Test
  void operationNamesMatchInAnyCase() {
    assertEquals(202, f.call(POST, f.path("/orchestrators/wait_an_hour/case-1"), "").status());
    await(f.client().waitForInstanceStart("case-1", Duration.ofSeconds(30)));
    Reply r = f.call(POST, f.path("/Instances/case-1/TERMINATE?reason=upper"));
    assertEquals(202, r.status(), r.body());
    assertEquals("upper", finished("case-1").readOutput(String.class));
  }
}
