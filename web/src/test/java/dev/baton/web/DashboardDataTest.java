package dev.baton.web;

import static dev.baton.web.ApiFixture.await;
import static io.vertx.core.http.HttpMethod.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.client.StartOptions;
import dev.baton.core.entity.EntityId;
import dev.baton.demo.ReferenceScenario;
import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard's read-only JSON over loopback HTTP: instance lists filtered and paged through the
 * store's continuation token, an instance's timeline and failure, entities with lock and backlog,
 * and a clear 400 for every parameter it cannot read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardDataTest {

  private ApiFixture f;

  @BeforeAll
  void start() {
    f = new ApiFixture(new DurableHttpApiOptions(), x -> x.mountDashboard(new DashboardOptions()));
  }

  @AfterAll
  void stop() {
    f.close();
  }

  private Reply get(String uri) {
    return f.call(GET, uri);
  }

  private Reply get(String uri, String token) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (token != null) {
      headers.add("x-ms-continuation-token", token);
    }
    return f.call(GET, uri, null, headers);
  }

  private void startAll(String prefix, int count, String orchestrator) {
    for (int from = 0; from < count; from += 500) {
      List<Future<String>> starts = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + 500); i++) {
        starts.add(
            f.client()
                .scheduleNewOrchestration(
                    orchestrator, i, new StartOptions().setInstanceId(prefix + i)));
      }
      await(Future.all(starts));
    }
  }

  @Test
  void tenThousandInstancesPageWithoutLoadingThemAll() {
    startAll("bulk-", 10_000, TestFunctions.ECHO);
    Set<String> seen = new HashSet<>();
    String token = null;
    int pages = 0;
    do {
      Reply r = get("/dashboard/api/instances?instanceIdPrefix=bulk-&top=1000", token);
      assertEquals(200, r.status(), r.body());
      JsonArray items = r.json().getJsonArray("instances");
      assertTrue(items.size() <= 1000, "a page holds at most top rows, got " + items.size());
      items.forEach(o -> assertTrue(seen.add(((JsonObject) o).getString("instanceId"))));
      token = r.json().getString("continuationToken");
      assertEquals(token, r.header("x-ms-continuation-token"));
      pages++;
    } while (token != null && pages < 20);
    assertEquals(10_000, seen.size());
    assertTrue(pages >= 10, "10,000 rows in pages of 1,000 take at least 10 pages, took " + pages);
  }

  @Test
  void filtersByStatusNameAndPrefixAndLeavesEntitiesOut() {
    await(f.client().signalEntity(EntityId.of(TestFunctions.COUNTER, "f1"), "add", 1));
    await(
        f.client()
            .scheduleNewOrchestration(
                TestFunctions.APPROVAL, null, new StartOptions().setInstanceId("filter-wait")));
    await(
        f.client()
            .scheduleNewOrchestration(
                TestFunctions.ECHO, 1, new StartOptions().setInstanceId("filter-echo")));
    await(f.client().waitForInstanceCompletion("filter-echo", Duration.ofSeconds(30)));
    await(f.client().waitForInstanceStart("filter-wait", Duration.ofSeconds(30)));

    JsonArray byName =
        get("/dashboard/api/instances?name=APPROVAL&instanceIdPrefix=filter-")
            .json()
            .getJsonArray("instances");
    assertEquals(List.of("filter-wait"), ids(byName));
    JsonArray running =
        get("/dashboard/api/instances?runtimeStatus=Running,Pending&instanceIdPrefix=filter-")
            .json()
            .getJsonArray("instances");
    assertEquals(List.of("filter-wait"), ids(running));
    JsonArray prefixed =
        get("/dashboard/api/instances?instanceIdPrefix=filter-").json().getJsonArray("instances");
    assertEquals(List.of("filter-echo", "filter-wait"), ids(prefixed));
    String hourAgo = Instant.now().minusSeconds(3600).toString();
    String inAnHour = Instant.now().plusSeconds(3600).toString();
    assertEquals(
        List.of("filter-echo", "filter-wait"),
        ids(
            get("/dashboard/api/instances?instanceIdPrefix=filter-&createdTimeFrom="
                    + hourAgo
                    + "&createdTimeTo="
                    + inAnHour)
                .json()
                .getJsonArray("instances")));
    assertEquals(
        List.of(),
        ids(
            get("/dashboard/api/instances?instanceIdPrefix=filter-&createdTimeFrom=" + inAnHour)
                .json()
                .getJsonArray("instances")));
    JsonArray all = get("/dashboard/api/instances?top=1000").json().getJsonArray("instances");
    assertFalse(all.isEmpty());
    assertFalse(
        ids(all).stream().anyMatch(id -> id.startsWith("@")), "entities are listed apart: " + all);
  }

  @Test
  void aNameFilterThatMatchesNothingReadsAtMostTheScanLimit() {
    startAll("scan-", 1200, TestFunctions.ECHO);
    Reply r = get("/dashboard/api/instances?instanceIdPrefix=scan-&name=nobody&top=100");
    assertEquals(200, r.status(), r.body());
    assertEquals(0, r.json().getJsonArray("instances").size());
    assertNull(r.json().getString("continuationToken"), "1,200 rows fit in one scan of 5,000");
  }

  @Test
  void anInstanceShowsPayloadsAndBothActivitiesOnItsTimeline() {
    String id = "instance-dash-1";
    await(
        f.client()
            .scheduleNewOrchestration(
                ReferenceScenario.ORCHESTRATOR,
                Map.of("hellos_count", 3),
                new StartOptions().setInstanceId(id)));
    await(f.client().waitForInstanceCompletion(id, Duration.ofSeconds(30)));
    JsonObject inst = get("/dashboard/api/instances/" + id).json();
    assertEquals("Completed", inst.getString("runtimeStatus"));
    assertTrue(inst.getBoolean("finished"));
    assertEquals("{\"hellos_count\":3}", inst.getJsonObject("input").getString("text"));
    assertEquals(
        "[\"Hello Text 1 - 3!\",\"Hello Text 2 - 3!\"]",
        inst.getJsonObject("output").getString("text"));
    JsonObject timeline = inst.getJsonObject("timeline");
    List<JsonObject> activities = new ArrayList<>();
    timeline
        .getJsonArray("spans")
        .forEach(
            o -> {
              if ("activity".equals(((JsonObject) o).getString("kind"))) {
                activities.add((JsonObject) o);
              }
            });
    assertEquals(2, activities.size(), timeline.encodePrettily());
    for (JsonObject a : activities) {
      assertEquals(ReferenceScenario.ACTIVITY, a.getString("name"));
      assertEquals("completed", a.getString("state"));
      assertTrue(a.getDouble("end") >= a.getDouble("start"));
    }
    assertEquals("\"Hello Text 2 - 3!\"", activities.get(1).getString("result"));
    assertNotNull(timeline.getDouble("end"));
    assertNull(timeline.getString("parentInstanceId"));
  }

  @Test
  void anIdWithSlashesAndHashesIsReadPercentEncoded() {
    String id = "dash/a#b?c";
    await(
        f.client()
            .scheduleNewOrchestration(
                TestFunctions.ECHO, "x", new StartOptions().setInstanceId(id)));
    await(f.client().waitForInstanceCompletion(id, Duration.ofSeconds(30)));
    Reply r = get("/dashboard/api/instances/dash%2Fa%23b%3Fc");
    assertEquals(200, r.status(), r.body());
    assertEquals(id, r.json().getString("instanceId"), r.body());
  }

  @Test
  void aFailedInstanceShowsTypeAndMessageButNoStackTrace() {
    String id = "dash-fail";
    await(
        f.client()
            .scheduleNewOrchestration(
                TestFunctions.FAIL, null, new StartOptions().setInstanceId(id)));
    await(f.client().waitForInstanceCompletion(id, Duration.ofSeconds(30)));
    Reply r = get("/dashboard/api/instances/" + id);
    JsonObject failure = r.json().getJsonObject("failure");
    assertEquals("java.lang.IllegalStateException", failure.getString("type"));
    assertEquals("boom", failure.getString("message"));
    assertFalse(r.body().contains("\tat "), "no stack trace leaves the server: " + r.body());
  }

  @Test
  void anEntityShowsItsStateLockHolderAndBacklog() {
    EntityId id = EntityId.of(TestFunctions.COUNTER, "dash-e");
    await(f.client().signalEntity(id, "add", 5));
    Reply r = f.pollUntil("/dashboard/api/entities/counter/dash-e", x -> x.status() == 200);
    JsonObject e = r.json();
    assertEquals("5", e.getJsonObject("state").getString("text"));
    assertEquals(0, e.getInteger("backlog"));
    assertNull(e.getString("lockedBy"));
    assertTrue(e.containsKey("lockedBy"));

    JsonArray listed =
        get("/dashboard/api/entities?name=counter&top=1000").json().getJsonArray("entities");
    JsonObject row =
        listed.stream()
            .map(o -> (JsonObject) o)
            .filter(o -> o.getString("key").equals("dash-e"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("dash-e is not listed: " + listed));
    assertEquals(0, row.getInteger("backlog"));
    assertTrue(row.getBoolean("hasState"));
    assertEquals(404, get("/dashboard/api/entities/counter/nobody-here").status());
  }

  @Test
  void theEntityWithTheEmptyKeyIsReadAsDollar() {
    await(f.client().signalEntity(EntityId.of(TestFunctions.COUNTER, ""), "add", 4));
    Reply r = f.pollUntil("/dashboard/api/entities/counter/$", x -> x.status() == 200);
    assertEquals("4", r.json().getJsonObject("state").getString("text"), r.body());
    JsonArray listed =
        get("/dashboard/api/entities?name=counter&top=1000").json().getJsonArray("entities");
    assertTrue(
        listed.stream().map(o -> (JsonObject) o).anyMatch(o -> o.getString("key").isEmpty()),
        "the empty key is listed: " + listed);
  }

  @Test
  void anEntityInACriticalSectionShowsItsHolderAndTheOperationsWaiting() {
    EntityId id = EntityId.of(TestFunctions.COUNTER, "locked-e");
    String uri = "/dashboard/api/entities/counter/locked-e";
    await(f.client().signalEntity(id, "add", 1));
    f.pollUntil(uri, x -> x.status() == 200);
    await(
        f.client()
            .scheduleNewOrchestration(
                TestFunctions.HOLD_LOCK, "locked-e", new StartOptions().setInstanceId("holder-1")));
    f.pollUntil(uri, x -> "holder-1".equals(x.json().getString("lockedBy")));
    await(f.client().signalEntity(id, "add", 1)); // waits for the critical section to end
    JsonObject waiting = f.pollUntil(uri, x -> x.json().getInteger("backlog") == 1).json();
    assertEquals("holder-1", waiting.getString("lockedBy"));
    assertEquals("1", waiting.getJsonObject("state").getString("text"));
    JsonObject listed =
        get("/dashboard/api/entities?name=counter&top=1000")
            .json()
            .getJsonArray("entities")
            .stream()
            .map(o -> (JsonObject) o)
            .filter(o -> o.getString("key").equals("locked-e"))
            .findFirst()
            .orElseThrow();
    assertEquals("holder-1", listed.getString("lockedBy"));
    assertEquals(1, listed.getInteger("backlog"));
    JsonObject holder = get("/dashboard/api/instances/holder-1").json();
    assertTrue(
        holder.getJsonObject("timeline").getJsonArray("spans").stream()
            .map(o -> (JsonObject) o)
            .anyMatch(
                s -> s.getString("kind").equals("lock") && s.getString("state").equals("held")),
        holder.encodePrettily());

    await(f.client().raiseEvent("holder-1", "release", null));
    JsonObject after =
        f.pollUntil(uri, x -> x.json().getJsonObject("state").getString("text").equals("2")).json();
    assertNull(after.getString("lockedBy"));
    assertEquals(0, after.getInteger("backlog"));
  }

  @Test
  void unreadableParametersAreAClear400() {
    for (String uri :
        List.of(
            "/dashboard/api/instances?runtimeStatus=Sleeping",
            "/dashboard/api/instances?top=0",
            "/dashboard/api/instances?top=many",
            "/dashboard/api/instances?createdTimeFrom=yesterday",
            "/dashboard/api/entities?includeDeleted=maybe",
            "/dashboard/api/entities?lastOperationTimeTo=soon")) {
      Reply r = get(uri);
      assertEquals(400, r.status(), uri + " -> " + r);
      assertEquals("BATON-112", r.json().getString("error"), uri);
      assertFalse(r.json().getString("message").isBlank(), uri);
    }
    assertEquals(404, get("/dashboard/api/instances/no-such-instance").status());
    assertEquals(404, get("/dashboard/api/nothing").status());
    assertEquals("BATON-121", get("/dashboard/api/nothing").json().getString("error"));
  }

  private static List<String> ids(JsonArray items) {
    List<String> out = new ArrayList<>();
    items.forEach(o -> out.add(((JsonObject) o).getString("instanceId")));
    return out;
  }
}
