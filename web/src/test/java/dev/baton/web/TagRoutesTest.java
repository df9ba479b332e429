package dev.baton.web;

import static dev.baton.web.ApiFixture.await;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tags over HTTP: set at start with {@code tag.{name}={value}} parameters, returned in the status
 * JSON, and used as a filter by the list and the purge by filter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TagRoutesTest {

  private ApiFixture f;

  @BeforeAll
  void start() {
    f = new ApiFixture();
  }

  @AfterAll
  void stop() {
    f.close();
  }

  private void startTagged(String id, String query) {
    Reply r = f.call(POST, f.path("/orchestrators/echo/" + id + "?" + query), "\"" + id + "\"");
    assertEquals(202, r.status(), r.body());
    assertFalse(r.json().getString("statusQueryGetUri").contains("tag."), r.body());
    await(f.client().waitForInstanceCompletion(id, Duration.ofSeconds(30)));
  }

  @Test
  void tagsSetAtStartComeBackInTheStatusAndSelectInstances() {
    Instant before = Instant.now().minusSeconds(1);
    startTagged("tags-a", "tag.tenant=acme&tag.tier=gold%20plus&taskHub=x");
    startTagged("tags-b", "tag.tenant=other");
    startTagged("tags-c", "code=");

    assertEquals(
        Map.of("tenant", "acme", "tier", "gold plus"),
        await(f.client().getInstance("tags-a")).tags());
    Reply a = f.call(GET, f.path("/instances/tags-a"));
    assertEquals(200, a.status(), a.body());
    assertEquals(
        new JsonObject().put("tenant", "acme").put("tier", "gold plus"),
        a.json().getJsonObject("tags"));
    Reply c = f.call(GET, f.path("/instances/tags-c"));
    assertFalse(c.json().containsKey("tags"), "an untagged status keeps Durable Functions' shape");

    Reply acme = f.call(GET, f.path("/instances?instanceIdPrefix=tags-&tag.tenant=acme"));
    assertEquals(200, acme.status(), acme.body());
    assertEquals(List.of("tags-a"), ids(acme));
    Reply both =
        f.call(GET, f.path("/instances/?instanceIdPrefix=tags-&tag.tenant=acme&tag.tier=gold"));
    assertEquals(List.of(), ids(both), "every tag must match");
    assertEquals(
        List.of("tags-a", "tags-b", "tags-c"),
        ids(f.call(GET, f.path("/instances?instanceIdPrefix=tags-"))));

    Reply purged =
        f.call(DELETE, f.path("/instances?createdTimeFrom=" + before + "&tag.tenant=other"));
    assertEquals(200, purged.status(), purged.body());
    assertEquals(1, purged.json().getInteger("instancesDeleted"));
    assertNull(await(f.client().getInstance("tags-b")));
    assertEquals("acme", await(f.client().getInstance("tags-a")).tags().get("tenant"));
  }

  @Test
  void badTagParametersAre400AndStartNothing() {
    for (String query : List.of("tag.=x", "tag.k=a&tag.k=b", "tag.%20=v", "tag.k=%zz")) {
      Reply r = f.call(POST, f.path("/orchestrators/echo/bad-tags?" + query), "1");
      assertEquals(400, r.status(), query + ": " + r.body());
      assertEquals("BATON-112", r.json().getString("error"), query + ": " + r.body());
      String message = r.json().getString("message");
      assertTrue(message.contains("tag") || message.contains("URL-encoded"), r.body());
      Reply list = f.call(GET, f.path("/instances?" + query));
      assertEquals(400, list.status(), query + ": " + list.body());
      assertEquals("BATON-112", list.json().getString("error"), query + ": " + list.body());
    }
    assertNull(await(f.client().getInstance("bad-tags")), "nothing was started");
  }

  private static List<String> ids(Reply r) {
    return r.array().stream().map(o -> ((JsonObject) o).getString("instanceId")).sorted().toList();
  }
}
