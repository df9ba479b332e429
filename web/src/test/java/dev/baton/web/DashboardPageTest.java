package dev.baton.web;

import static dev.baton.web.TrustHelpers.bearerLetmein;
import static io.vertx.core.http.HttpMethod.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The dashboard's page: one self-contained document, protected exactly as the management API. */
class DashboardPageTest {

  private static final String KEY = "dash-k3y";

  private static ApiFixture fixture(DurableHttpApiOptions api, DashboardOptions dashboard) {
    return new ApiFixture(api, x -> x.mountDashboard(dashboard));
  }

  @Test
  void thePageIsOneDocumentWithItsOwnStyleAndScriptAndNoOtherOrigin() {
    try (var f = fixture(new DurableHttpApiOptions(), new DashboardOptions())) {
      // the bare path redirects to the page (the client follows it)
      for (String path : new String[] {"/dashboard", "/dashboard/", "/dashboard/?x=1"}) {
        Reply page = f.call(GET, path);
        assertEquals(200, page.status(), path);
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        String csp = page.header("Content-Security-Policy");
        assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'sha256-"), csp);
        assertFalse(page.body().contains("src=\"http"), "no asset comes from elsewhere");
        assertFalse(page.body().contains("/*SCRIPT*/"), "the template is filled");
        assertTrue(page.body().contains("\"api\":\"/runtime/webhooks/durabletask\""));
        assertTrue(page.body().length() < 40 * 1024, "small: " + page.body().length() + " chars");
      }
    }
  }

  @Test
  void theMountPathAndRefreshAreOptions() {
    var options = new DashboardOptions().setMountPath("/ops/baton/").setRefreshMillis(500);
    assertEquals("/ops/baton", options.getMountPath());
    assertEquals(options.toJson(), new DashboardOptions(options.toJson()).toJson());
    try (var f = fixture(new DurableHttpApiOptions(), options)) {
      Reply page = f.call(GET, "/ops/baton/");
      assertEquals(200, page.status());
      assertTrue(page.body().contains("\"refreshMillis\":500"));
      assertEquals(200, f.call(GET, "/ops/baton/api/instances").status());
    }
  }

  @Test
  void badOptionsAreRefusedWithTheReason() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> new DashboardOptions().setMountPath("dash"));
    assertTrue(e.getMessage().contains("must start with '/'"));
    assertThrows(IllegalArgumentException.class, () -> new DashboardOptions().setMountPath("/"));
    assertThrows(IllegalArgumentException.class, () -> new DashboardOptions().setRefreshMillis(5));
    assertThrows(IllegalArgumentException.class, () -> new DashboardOptions().setPageSize(0));
    assertThrows(IllegalArgumentException.class, () -> new DashboardOptions().setScanLimit(10));
    assertThrows(
        IllegalArgumentException.class,
        () -> new DashboardOptions(new JsonObject().put("pageSize", 5000)));
    try (var f = new ApiFixture()) {
      var npe =
          assertThrows(
              NullPointerException.class,
              () -> Dashboard.create(f.vertx, null, f::client, new DashboardOptions()));
      assertEquals("api", npe.getMessage());
      assertThrows(
          NullPointerException.class,
          () -> Dashboard.create(f.vertx, f.api, null, new DashboardOptions()));
      assertThrows(
          NullPointerException.class, () -> Dashboard.create(f.vertx, f.api, f::client, null));
    }
  }

  @Test
  void whileTheEngineIsStoppedThePageLoadsAndItsDataAnswers503() {
    try (var f = fixture(new DurableHttpApiOptions(), new DashboardOptions())) {
      f.stopEngine();
      assertEquals(200, f.call(GET, "/dashboard/").status());
      Reply data = f.call(GET, "/dashboard/api/instances");
      assertEquals(503, data.status());
      assertEquals("BATON-111", data.json().getString("error"));
      f.resumeEngine();
      assertEquals(200, f.call(GET, "/dashboard/api/instances").status());
    }
  }

  @Test
  void theManagementKeyGuardsThePageAndItsData() {
    try (var f = fixture(new DurableHttpApiOptions().setKey(KEY), new DashboardOptions())) {
      for (String path : new String[] {"/dashboard", "/dashboard/", "/dashboard/api/instances"}) {
        Reply none = f.call(GET, path);
        assertEquals(401, none.status(), path);
        assertEquals("BATON-119", none.json().getString("error"));
        assertEquals(401, f.call(GET, path + "?code=wrong").status());
        assertEquals(200, f.call(GET, path + "?code=" + KEY).status());
        MultiMap header = MultiMap.caseInsensitiveMultiMap().add("x-functions-key", KEY);
        assertEquals(200, f.call(GET, path, null, header).status());
      }
      assertFalse(
          f.call(GET, "/dashboard/?code=" + KEY).body().contains(KEY),
          "the page does not carry the key: the browser sends the one it was given");
    }
  }

  @Test
  void theManagementAuthenticationHandlerGuardsThePageAndItsData() {
    var auth = bearerLetmein();
    try (var f =
        fixture(
            new DurableHttpApiOptions().setAuthenticationHandler(auth), new DashboardOptions())) {
      assertEquals(401, f.call(GET, "/dashboard/").status());
      assertEquals(401, f.call(GET, "/dashboard/api/entities").status());
      MultiMap bearer = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer letmein");
      assertEquals(200, f.call(GET, "/dashboard/", null, bearer).status());
      assertEquals(200, f.call(GET, "/dashboard/api/entities", null, bearer).status());
    }
  }
}
