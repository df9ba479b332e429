package dev.baton.web;

import static dev.baton.web.TrustHelpers.bearerLetmein;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** Keys, authentication handlers, the body limit and what errors may reveal. */
class ProtectionTest {

  private static final String KEY = "s3cr3t-key";

  @Test
  void withoutAKeyTheApiIsOpenToLoopbackCallers() {
    try (var f = new ApiFixture()) {
      assertEquals(200, f.call(GET, f.path("/instances")).status());
    }
  }

  @Test
  void aKeyIsRequiredAsCodeOrHeaderAndTravelsInTheUrls() {
    try (var f = new ApiFixture(new DurableHttpApiOptions().setKey(KEY), x -> {})) {
      Reply none = f.call(GET, f.path("/instances"));
      assertEquals(401, none.status());
      assertEquals("BATON-119", none.json().getString("error"));
      assertEquals(401, f.call(GET, f.path("/instances?code=wrong")).status());
      assertEquals(401, f.call(GET, f.path("/instances?code=")).status());
      assertEquals(200, f.call(GET, f.path("/instances?code=" + KEY)).status());
      MultiMap header = MultiMap.caseInsensitiveMultiMap().add("x-functions-key", KEY);
      assertEquals(200, f.call(GET, f.path("/instances"), null, header).status());

      Reply started = f.call(POST, f.path("/orchestrators/echo?code=" + KEY), "1");
      assertEquals(202, started.status());
      String status = started.json().getString("statusQueryGetUri");
      assertTrue(status.endsWith("?taskHub=" + f.hub + "&connection=Storage&code=" + KEY), status);
      Reply polled = f.pollUntil(status, r -> r.status() == 200);
      assertEquals("Completed", polled.json().getString("runtimeStatus"));
    }
  }

  @Test
  void anAuthenticationHandlerGuardsEveryRoute() {
    var auth = bearerLetmein();
    try (var f =
        new ApiFixture(new DurableHttpApiOptions().setAuthenticationHandler(auth), x -> {})) {
      Reply denied = f.call(POST, f.path("/orchestrators/echo"), "1");
      assertEquals(401, denied.status(), denied.body());
      assertEquals("BATON-119", denied.json().getString("error"));
      MultiMap bearer = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer letmein");
      assertEquals(202, f.call(POST, f.path("/orchestrators/echo"), "1", bearer).status());
      assertEquals(200, f.call(GET, f.path("/instances"), null, bearer).status());
    }
  }

  @Test
  void aBodyOverTheLimitIs413() {
    try (var f =
        new ApiFixture(
            new DurableHttpApiOptions().setBodyLimit(1024),
            x ->
                x.api.addHttpTrigger(
                    x.router,
                    HttpMethod.POST,
                    "/api/echo",
                    (ctx, client) -> Future.succeededFuture(ctx.body().asJsonObject())))) {
      String big = "\"" + "x".repeat(2048) + "\"";
      Reply trigger = f.call(POST, "/api/echo", "{\"a\":" + big + "}");
      assertEquals(413, trigger.status(), trigger.body());
      assertEquals("BATON-122", trigger.json().getString("error"));
      Reply small = f.call(POST, "/api/echo", "{\"a\":1}");
      assertEquals(200, small.status(), small.body());
      assertEquals(1, small.json().getInteger("a"));
      Reply r = f.call(POST, f.path("/orchestrators/echo/too-big"), big);
      assertEquals(413, r.status(), r.body());
      assertEquals("BATON-122", r.json().getString("error"));
      assertEquals(404, f.call(GET, f.path("/instances/too-big")).status());
      String fits = "\"" + "x".repeat(512) + "\"";
      assertEquals(202, f.call(POST, f.path("/orchestrators/echo/fits"), fits).status());
    }
  }

  @Test
  void theApiMountsUnderAnyPrefix() {
    try (var f = new ApiFixture(new DurableHttpApiOptions().setMountPath("/ops/df/"), x -> {})) {
      Reply r = f.call(POST, "/ops/df/orchestrators/echo", "1");
      assertEquals(202, r.status(), r.body());
      String status = r.json().getString("statusQueryGetUri");
      assertTrue(status.startsWith("http://127.0.0.1:" + f.port() + "/ops/df/instances/"), status);
      assertEquals(200, f.pollUntil(status, x -> x.status() != 202).status());
      assertEquals(404, f.call(GET, "/runtime/webhooks/durabletask/instances").status());
    }
  }

  @Test
  void anUnexpectedFailureIs500WithoutItsDetails() {
    try (var f =
        new ApiFixture(
            new DurableHttpApiOptions(),
            x ->
                x.api.addHttpTrigger(
                    x.router,
                    HttpMethod.GET,
                    "/api/crash",
                    (ctx, client) -> {
                      throw new IllegalStateException("database password is hunter2");
                    }))) {
      Reply r = f.call(GET, "/api/crash");
      assertEquals(500, r.status());
      assertEquals("BATON-123", r.json().getString("error"));
      assertFalse(r.body().contains("hunter2"), r.body());
      assertFalse(r.body().contains("at dev.baton"), r.body());
      assertFalse(r.body().contains("IllegalStateException"), r.body());
    }
  }

  @Test
  void whileTheEngineIsDownTheApiAnswers503() {
    try (var f = new ApiFixture()) {
      ApiFixture.await(f.baton().close());
      Reply r = f.call(GET, f.path("/instances"));
      assertEquals(503, r.status(), r.body());
    }
  }
}
