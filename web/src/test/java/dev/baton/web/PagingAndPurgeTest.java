package dev.baton.web;

import static dev.baton.web.ApiFixture.await;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.client.StartOptions;
import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listing through pages with the continuation header, and purging by filter. */
class PagingAndPurgeTest {

  private ApiFixture f;

  @BeforeEach
  void start() {
    f = new ApiFixture();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private void startAll(String prefix, int count, String orchestrator) {
    List<Future<String>> starts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      starts.add(
          f.client()
              .scheduleNewOrchestration(
                  orchestrator,
                  i,
                  new StartOptions().setInstanceId(String.format("%s%03d", prefix, i))));
    }
    await(Future.all(starts));
  }

  private void awaitAll(String prefix, int count) {
    for (int i = 0; i < count; i++) {
      await(
          f.client()
              .waitForInstanceCompletion(
                  String.format("%s%03d", prefix, i), Duration.ofSeconds(30)));
    }
  }

  @Test
  void pagesThrough250InstancesWithTheContinuationHeader() {
    startAll("page-", 250, TestFunctions.ECHO);
    Set<String> seen = new HashSet<>();
    List<Integer> sizes = new ArrayList<>();
    String token = null;
    do {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      if (token != null) {
        headers.add("x-ms-continuation-token", token);
      }
      Reply r = f.call(GET, f.path("/instances/?top=100"), null, headers);
      assertEquals(200, r.status(), r.body());
      r.array().forEach(o -> assertTrue(seen.add(((JsonObject) o).getString("instanceId"))));
      sizes.add(r.array().size());
      token = r.header("x-ms-continuation-token");
    } while (token != null && sizes.size() < 10);
    assertEquals(List.of(100, 100, 50), sizes);
    assertEquals(250, seen.size());
  }

  @Test
  void anExactLastPageCarriesNoContinuationHeader() {
    startAll("exact-", 4, TestFunctions.ECHO);
    Reply first = f.call(GET, f.path("/instances?top=2"));
    String token = first.header("x-ms-continuation-token");
    assertNotNull(token);
    Reply second =
        f.call(
            GET,
            f.path("/instances?top=2"),
            null,
            MultiMap.caseInsensitiveMultiMap().add("x-ms-continuation-token", token));
    assertEquals(2, second.array().size());
    assertNull(second.header("x-ms-continuation-token"));
  }

  @Test
  void purgeByFilterDeletesOnlyFinishedInstancesInRange() {
    Instant before = Instant.now().minusSeconds(1);
    startAll("done-", 5, TestFunctions.ECHO);
    awaitAll("done-", 5);
    startAll("failed-", 2, TestFunctions.FAIL);
    awaitAll("failed-", 2);
    startAll("running-", 2, TestFunctions.WAIT);

    Reply noFrom = f.call(DELETE, f.path("/instances/"));
    assertEquals(400, noFrom.status());
    assertTrue(noFrom.json().getString("message").contains("createdTimeFrom"));

    Reply failedOnly =
        f.call(
            DELETE,
            f.path("/instances/?createdTimeFrom=" + before + "&runtimeStatus=Failed&taskHub=x"));
    assertEquals(200, failedOnly.status(), failedOnly.body());
    assertEquals(2, failedOnly.json().getInteger("instancesDeleted"));

    Reply future = f.call(DELETE, f.path("/instances?createdTimeFrom=2999-01-01T00:00:00.000Z"));
    assertEquals(404, future.status());

    Reply rest = f.call(DELETE, f.path("/instances?createdTimeFrom=" + before));
    assertEquals(200, rest.status(), rest.body());
    assertEquals(5, rest.json().getInteger("instancesDeleted"));
    assertEquals(404, f.call(DELETE, f.path("/instances?createdTimeFrom=" + before)).status());

    Reply left = f.call(GET, f.path("/instances"));
    assertEquals(2, left.array().size(), left.body());
    assertEquals("Running", left.array().getJsonObject(0).getString("runtimeStatus"));
  }

  @Test
  void purgeByFilterHonoursCreatedTimeTo() {
    startAll("old-", 3, TestFunctions.ECHO);
    awaitAll("old-", 3);
    Instant cut = Instant.now();
    Reply r =
        f.call(
            DELETE,
            f.path("/instances?createdTimeFrom=2000-01-01&createdTimeTo=2000-01-02T00:00:00Z"));
    assertEquals(404, r.status());
    Reply all =
        f.call(DELETE, f.path("/instances?createdTimeFrom=2000-01-01&createdTimeTo=" + cut));
    assertEquals(3, all.json().getInteger("instancesDeleted"));
  }
}
