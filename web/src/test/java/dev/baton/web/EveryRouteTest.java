package dev.baton.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.client.InstanceQuery;
import dev.baton.core.entity.EntityQuery;
import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every management route with every kind of bad request: a spoofed {@code Host}, a cross-site
 * browser request, a query string that is not URL-encoded, an id with leading white space or over
 * the length limit, a body over the limit. Each gets a JSON error with its code, and none changes
 * anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryRouteTest {

  /** A route: method and path below the mount point; {@code {id}} is an instance id or key. */
  private record Route(HttpMethod method, String path) {
    String with(String id) {
      return path.replace("{id}", id);
    }

    boolean changesState() {
      return method != HttpMethod.GET;
    }

    boolean takesAReason() {
      return path.matches(".*/(terminate|suspend|resume|rewind)");
    }
  }

  private static final List<Route> ROUTES =
      List.of(
          new Route(HttpMethod.POST, "/orchestrators/echo"),
          new Route(HttpMethod.POST, "/orchestrators/echo/{id}"),
          new Route(HttpMethod.GET, "/instances"),
          new Route(HttpMethod.DELETE, "/instances"),
          new Route(HttpMethod.GET, "/instances/{id}"),
          new Route(HttpMethod.DELETE, "/instances/{id}"),
          new Route(HttpMethod.POST, "/instances/{id}/terminate"),
          new Route(HttpMethod.POST, "/instances/{id}/raiseEvent/approval"),
          new Route(HttpMethod.POST, "/instances/{id}/suspend"),
          new Route(HttpMethod.POST, "/instances/{id}/resume"),
          new Route(HttpMethod.POST, "/instances/{id}/rewind"),
          new Route(HttpMethod.POST, "/instances/{id}/restart"),
          new Route(HttpMethod.GET, "/entities"),
          new Route(HttpMethod.GET, "/entities/counter"),
          new Route(HttpMethod.GET, "/entities/counter/{id}"),
          new Route(HttpMethod.POST, "/entities/counter/{id}"),
          new Route(HttpMethod.DELETE, "/entities/counter/{id}"));

  private ApiFixture f;

  @BeforeAll
  void start() {
    f = new ApiFixture(new DurableHttpApiOptions().setBodyLimit(256), x -> {});
  }

  @AfterAll
  void stop() {
    f.close();
  }

  private int instances() {
    return ApiFixture.await(
            f.client().queryInstances(new InstanceQuery().setPageSize(InstanceQuery.MAX_PAGE_SIZE)))
        .instances()
        .size();
  }

  private int entities() {
    return ApiFixture.await(f.client().queryEntities(new EntityQuery())).entities().size();
  }

  private Reply send(Route r, String target, String body, MultiMap headers) {
    return f.call(r.method(), f.path(target), body, headers);
  }

  private static void assertJsonError(Reply reply, int status, String code, String what) {
    assertEquals(status, reply.status(), what + ": " + reply);
    assertTrue(
        reply.header("Content-Type").startsWith("application/json"), what + ": " + reply.headers());
    assertEquals(code, reply.json().getString("error"), what + ": " + reply);
  }

  @Test
  void badRequestsOnEveryRouteAreJsonErrorsAndChangeNothing() {
    int instancesBefore = instances();
    int entitiesBefore = entities();
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    for (Route r : ROUTES) {
      String target = r.with("some-id") + "?op=add&createdTimeFrom=2020-01-01T00:00:00Z";
      assertJsonError(
          send(r, target, "1", MultiMap.caseInsensitiveMultiMap().add("Host", "evil.example")),
          403,
          "BATON-120",
          "spoofed Host on " + r);
      if (r.changesState()) {
        MultiMap crossSite =
            MultiMap.caseInsensitiveMultiMap()
                .add("Origin", "https://evil.example")
                .add("Sec-Fetch-Site", "cross-site")
                .add("Content-Type", "text/plain");
        assertJsonError(send(r, target, "1", crossSite), 403, "BATON-120", "cross-site " + r);
      }
      if (!r.takesAReason()) {
        Reply raw =
            f.raw(
                r.method().name()
                    + " "
                    + f.path(r.with("some-id"))
                    + "?op=add&x=50%zz HTTP/1.1\r\nHost: 127.0.0.1:"
                    + f.port()
                    + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        assertJsonError(raw, 400, "BATON-112", "stray % on " + r);
      }
      if (r.method() == HttpMethod.POST) {
        assertJsonError(
            send(r, target, "\"" + "x".repeat(300) + "\"", none),
            413,
            "BATON-122",
            "a body over the limit on " + r);
      }
      if (r.path().contains("{id}")) {
        boolean entity = r.path().startsWith("/entities");
        String code = entity ? "BATON-203" : "BATON-105";
        assertJsonError(
            send(r, r.with("%20lead") + "?op=add", null, none), 400, code, "leading space " + r);
        if (!entity) {
          assertJsonError(
              send(r, r.with("x".repeat(300)), null, none), 400, code, "an id over 256 " + r);
        }
      }
    }
    assertEquals(instancesBefore, instances(), "no instance was created");
    assertEquals(entitiesBefore, entities(), "no entity was signalled");
  }
}
