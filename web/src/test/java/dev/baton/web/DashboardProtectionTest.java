package dev.baton.web;

import static dev.baton.web.TrustHelpers.assertForbidden;
import static dev.baton.web.TrustHelpers.bearerLetmein;
import static dev.baton.web.TrustHelpers.headers;
import static dev.baton.web.TrustHelpers.nonLoopbackAddress;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServer;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * The dashboard stands behind exactly the management API's protection, over real HTTP on loopback:
 * an untrusted {@code Host}, a browser request marked cross-site (reads included, unlike the API),
 * a missing or wrong key and a refusing authentication handler are each answered as the API answers
 * them, on the page, the bare mount path, the page's JSON and the actions it calls.
 */
class DashboardProtectionTest {

  private static final String KEY = "dash-k3y";
  private static final String[] READS = {
    "/dashboard", "/dashboard/", "/dashboard/api/instances", "/dashboard/api/entities"
  };

  private static ApiFixture fixture(DurableHttpApiOptions api) {
    return new ApiFixture(api, x -> x.mountDashboard(new DashboardOptions()));
  }

  @Test
  void aSpoofedHostIsRefusedOnThePageAndItsData() {
    try (var f = fixture(new DurableHttpApiOptions())) {
      for (String path : READS) {
        assertForbidden(f.call(GET, path, null, headers("Host", "evil.example")), "evil.example");
        assertForbidden(
            f.call(GET, path, null, headers("Host", "rebind.example:" + f.port())), "Host");
        Reply local = f.call(GET, path, null, headers("Host", "localhost:" + f.port()));
        assertEquals(200, local.status(), path + " " + local.body());
      }
    }
  }

  @Test
  void crossSiteBrowserRequestsAreRefusedEvenForReads() {
    var options = new DurableHttpApiOptions().addAllowedOrigin("https://ops.example.com");
    try (var f = fixture(options)) {
      String self = "http://127.0.0.1:" + f.port();
      for (String path : READS) {
        assertForbidden(
            f.call(GET, path, null, headers("Origin", "https://evil.example")), "cross-site");
        assertForbidden(f.call(GET, path, null, headers("Sec-Fetch-Site", "cross-site")), "Origin");
        assertForbidden(f.call(GET, path, null, headers("Sec-Fetch-Site", "same-site")), "Origin");
        // the page's own requests, a typed address or bookmark, and an allowed origin pass
        assertEquals(
            200,
            f.call(GET, path, null, headers("Sec-Fetch-Site", "same-origin", "Origin", self))
                .status(),
            path);
        assertEquals(200, f.call(GET, path, null, headers("Sec-Fetch-Site", "none")).status());
        assertEquals(200, f.call(GET, path, null, headers("Origin", self)).status());
        assertEquals(
            200,
            f.call(
                    GET,
                    path,
                    null,
                    headers("Origin", "https://ops.example.com", "Sec-Fetch-Site", "cross-site"))
                .status());
      }
      // the management API's reads stay open to other sites' scripts as before (no cookie rides
      // on them); its state changes do not, whoever the page is
      assertEquals(
          200,
          f.call(GET, f.path("/instances"), null, headers("Sec-Fetch-Site", "cross-site"))
              .status());
      assertForbidden(
          f.call(
              POST,
              f.path("/orchestrators/echo/csrf"),
              "1",
              headers("Origin", "https://evil.example")),
          "cross-site");
      assertEquals(404, f.call(GET, f.path("/instances/csrf")).status(), "nothing started");
    }
  }

  @Test
  void aMissingOrWrongKeyIsRefusedOnEveryDashboardRouteAndTheKeyIsNeverRendered() {
    try (var f = fixture(new DurableHttpApiOptions().setKey(KEY))) {
      MultiMap withKey = headers("x-functions-key", KEY);
      Reply started = f.call(POST, f.path("/orchestrators/echo/keyed"), "\"v\"", withKey);
      assertEquals(202, started.status(), started.body());
      f.pollUntil(
          f.path("/instances/keyed"),
          withKey,
          r -> "Completed".equals(r.json().getString("runtimeStatus")));
      String[] paths = {
        "/dashboard",
        "/dashboard/",
        "/dashboard/api/instances",
        "/dashboard/api/instances/keyed",
        "/dashboard/api/entities",
        "/dashboard/no-such-route"
      };
      for (String path : paths) {
        Reply none = f.call(GET, path);
        assertEquals(401, none.status(), path);
        assertEquals("BATON-119", none.json().getString("error"));
        assertEquals(401, f.call(GET, path + "?code=wrong").status(), path);
        assertEquals(401, f.call(GET, path, null, headers("x-functions-key", "")).status(), path);
      }
      // with the key: the page and its data name no URL with it (the browser keeps the one the
      // user typed and sends it as a header), and the redirect keeps it for this caller only
      for (String path : new String[] {"/dashboard/", "/dashboard/api/instances/keyed"}) {
        Reply ok = f.call(GET, path + "?code=" + KEY);
        assertEquals(200, ok.status(), path);
        assertFalse(ok.body().contains(KEY), path + " renders the key: " + ok.body());
        assertFalse(ok.body().contains("code="), path + " renders a code parameter");
      }
      assertEquals(200, f.call(GET, "/dashboard/api/instances", null, withKey).status());
      // a cross-site request with the right key is still refused: the key does not make it safe
      assertForbidden(
          f.call(
              GET,
              "/dashboard/api/instances?code=" + KEY,
              null,
              headers("Sec-Fetch-Site", "cross-site")),
          "cross-site");
    }
  }

  @Test
  void theDashboardsActionsGoThroughTheApisProtection() {
    try (var f = fixture(new DurableHttpApiOptions().setKey(KEY))) {
      String self = "http://127.0.0.1:" + f.port();
      MultiMap page =
          headers("x-functions-key", KEY, "Origin", self, "Sec-Fetch-Site", "same-origin");
      assertEquals(
          202,
          f.call(POST, f.path("/orchestrators/" + TestFunctions.WAIT + "/act"), "", page).status());
      assertEquals(
          401,
          f.call(POST, f.path("/instances/act/suspend"), null, headers("Origin", self)).status());
      MultiMap evil =
          headers(
              "x-functions-key",
              KEY,
              "Origin",
              "https://evil.example",
              "Sec-Fetch-Site",
              "cross-site");
      assertForbidden(f.call(POST, f.path("/instances/act/terminate"), null, evil), "cross-site");
      Reply terminated = f.call(POST, f.path("/instances/act/terminate?reason=ok"), null, page);
      assertEquals(202, terminated.status(), terminated.body());
      f.pollUntil(
          f.path("/instances/act"),
          page,
          r -> "Terminated".equals(r.json().getString("runtimeStatus")));
    }
  }

  @Test
  void anAuthenticationHandlerGuardsThePageAfterTheTrustChecks() {
    var auth = bearerLetmein();
    try (var f = fixture(new DurableHttpApiOptions().setAuthenticationHandler(auth))) {
      for (String path : READS) {
        assertEquals(401, f.call(GET, path).status(), path);
        assertEquals(
            401, f.call(GET, path, null, headers("Authorization", "Bearer nope")).status(), path);
        Reply ok = f.call(GET, path, null, headers("Authorization", "Bearer letmein"));
        assertEquals(200, ok.status(), path + " " + ok.body());
        assertForbidden(
            f.call(
                GET,
                path,
                null,
                headers("Authorization", "Bearer letmein", "Host", "evil.example")),
            "Host");
        assertForbidden(
            f.call(
                GET,
                path,
                null,
                headers("Authorization", "Bearer letmein", "Sec-Fetch-Site", "cross-site")),
            "cross-site");
      }
    }
  }

  @Test
  void anUnprotectedDashboardServesLoopbackConnectionsOnly() throws Exception {
    String address = nonLoopbackAddress();
    try (var f = fixture(new DurableHttpApiOptions())) {
      HttpServer any =
          ApiFixture.await(f.vertx.createHttpServer().requestHandler(f.router).listen(0, address));
      for (String path : READS) {
        String request =
            "GET " + path + " HTTP/1.1\r\nHost: " + address + "\r\nConnection: close\r\n\r\n";
        assertForbidden(f.raw(address, any.actualPort(), request), "loopback connections only");
      }
      ApiFixture.await(any.close());
    }
  }

  @Test
  void aDashboardNeedsAnApiMadeByItsFactory() {
    try (var f = new ApiFixture()) {
      DurableHttpApi foreign =
          (DurableHttpApi)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {DurableHttpApi.class},
                  (proxy, method, args) ->
                      method.getName().equals("options") ? new DurableHttpApiOptions() : null);
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Dashboard.create(f.vertx, foreign, f::client, new DashboardOptions()));
      assertTrue(e.getMessage().contains("DurableHttpApi.create"), e.getMessage());
    }
  }
}
