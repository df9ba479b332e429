package dev.baton.web;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.GetEntityOptions;
import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The entity routes: signal, read state, list, delete. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntityRoutesTest {

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

  @Test
  void aSignalChangesStateThatAGetReads() {
    assertEquals(202, f.call(POST, f.path("/entities/counter/k1?op=add"), "5", JSON).status());
    assertEquals(202, f.call(POST, f.path("/entities/COUNTER/k1/?op=add&taskHub=x"), "2").status());
    Reply state =
        f.pollUntil(f.path("/entities/Counter/k1"), r -> r.status() == 200 && r.body().equals("7"));
    assertEquals("7", state.body());
  }

  @Test
  void keysWithSlashesHashesAndQuestionMarksWorkPercentEncoded() {
    String path = f.path("/entities/counter/a%2Fb%23c%3Fd%5Ce%01");
    assertEquals(202, f.call(POST, path + "?op=add", "5", JSON).status());
    assertEquals(202, f.call(POST, f.path("/entities/counter/a?op=add"), "1", JSON).status());
    Reply state = f.pollUntil(path, r -> r.status() == 200 && r.body().equals("5"));
    assertEquals("5", state.body());
    assertEquals(
        "5",
        ApiFixture.await(
                f.client()
                    .getEntity(
                        EntityId.of("counter", "a/b#c?d\\e\u0001"),
                        new GetEntityOptions().setIncludeState(true)))
            .state());
    f.pollUntil(f.path("/entities/counter/a"), r -> r.status() == 200 && r.body().equals("1"));
    assertEquals(202, f.call(DELETE, path).status());
    f.pollUntil(path, r -> r.status() == 404);
  }

  @Test
  void aNonJsonBodyIsAPlainString() {
    assertEquals(
        202, f.call(POST, f.path("/entities/counter/text?op=set"), "hello {world", TEXT).status());
    Reply state = f.pollUntil(f.path("/entities/counter/text"), r -> r.status() == 200);
    assertEquals("\"hello {world\"", state.body());
  }

  @Test
  void deleteRemovesTheState() {
    f.call(POST, f.path("/entities/counter/gone?op=add"), "1", JSON);
    f.pollUntil(f.path("/entities/counter/gone"), r -> r.status() == 200);
    assertEquals(202, f.call(DELETE, f.path("/entities/counter/gone")).status());
    f.pollUntil(f.path("/entities/counter/gone"), r -> r.status() == 404);
  }

  @Test
  void badSignalsAre400() {
    Reply badJson = f.call(POST, f.path("/entities/counter/k2?op=add"), "{", JSON);
    assertEquals(400, badJson.status());
    assertEquals("BATON-118", badJson.json().getString("error"));
    Reply unknown = f.call(POST, f.path("/entities/no_such_entity/k?op=add"), "1", JSON);
    assertEquals(400, unknown.status());
    assertEquals("BATON-201", unknown.json().getString("error"));
    Reply badKey = f.call(POST, f.path("/entities/counter/%20lead?op=add"), "1", JSON);
    assertEquals(400, badKey.status());
    assertEquals("BATON-203", badKey.json().getString("error"));
  }

  @Test
  void theKeyDollarNamesTheEmptyKeyWhichIsUnknownUntilSignalled() {
    Reply r = f.call(GET, f.path("/entities/counter/$"));
    assertEquals(404, r.status(), r.body());
    assertTrue(r.json().getString("message").contains("@counter@"), r.body());
  }

  @Test
  void anUnknownEntityIs404() {
    assertEquals(404, f.call(GET, f.path("/entities/counter/never-signalled")).status());
  }

  @Test
  void listShowsIdsTimesAndStateWhenAsked() {
    Instant before = Instant.now().minusSeconds(1);
    for (int i = 0; i < 5; i++) {
      f.call(POST, f.path("/entities/counter/list-" + i + "?op=add"), "" + i, JSON);
    }
    for (int i = 0; i < 5; i++) {
      f.pollUntil(f.path("/entities/counter/list-" + i), r -> r.status() == 200);
    }
    Reply plain = f.call(GET, f.path("/entities/counter?lastOperationTimeFrom=" + before));
    assertEquals(200, plain.status(), plain.body());
    JsonObject first = plain.array().getJsonObject(0);
    assertEquals("counter", first.getJsonObject("entityId").getString("name"));
    assertNotNull(first.getJsonObject("entityId").getString("key"));
    assertTrue(Instant.parse(first.getString("lastOperationTime")).isAfter(before));
    assertFalse(first.containsKey("state"));

    Reply withState = f.call(GET, f.path("/entities/?fetchState=true"));
    assertTrue(
        withState.array().stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                e ->
                    "list-3".equals(e.getJsonObject("entityId").getString("key"))
                        && Integer.valueOf(3).equals(e.getValue("state"))),
        withState.body());

    Set<String> keys = new HashSet<>();
    String token = null;
    int pages = 0;
    do {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      if (token != null) {
        headers.add("x-ms-continuation-token", token);
      }
      Reply page =
          f.call(
              GET,
              f.path("/entities/counter?top=2&lastOperationTimeFrom=" + before),
              null,
              headers);
      page.array()
          .forEach(o -> keys.add(((JsonObject) o).getJsonObject("entityId").getString("key")));
      token = page.header("x-ms-continuation-token");
      pages++;
    } while (token != null && pages < 20);
    assertTrue(
        keys.containsAll(Set.of("list-0", "list-1", "list-2", "list-3", "list-4")),
        keys.toString());
    assertTrue(pages >= 3);

    Reply none = f.call(GET, f.path("/entities/counter?lastOperationTimeTo=2000-01-01T00:00:00Z"));
    assertEquals(0, none.array().size());
    assertNull(none.header("x-ms-continuation-token"));
  }
}
