package dev.baton.web;

import static dev.baton.web.TrustHelpers.headers;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Safe by default, over real HTTP: the key reaches only callers who sent it, triggers can be
 * guarded by the key check, the {@code Host} header and cross-site browsers are not trusted, and
 * credentials are checked before a body is read.
 */
class SafetyTest {

  private static final String KEY = "s3cr3t-key";

  /** A fixture with a key and an open trigger {@code POST /api/start} that starts {@code echo}. */
  private static ApiFixture withOpenTrigger(DurableHttpApiOptions options) {
    return new ApiFixture(options, x -> x.addStartTrigger("hi"));
  }

  @Test
  void theKeyIsInUrlsOnlyForACallerWhoSentIt() {
    try (var f = withOpenTrigger(new DurableHttpApiOptions().setKey(KEY))) {
      Reply anonymous = f.call(POST, "/api/start", "");
      assertEquals(202, anonymous.status(), anonymous.body());
      assertFalse(anonymous.body().contains(KEY), anonymous.body());
      assertFalse(anonymous.header("Location").contains("code="), anonymous.header("Location"));
      assertTrue(
          anonymous
              .json()
              .getString("statusQueryGetUri")
              .endsWith("?taskHub=" + f.hub + "&connection=Storage"),
          anonymous.body());

      Reply wrongKey = f.call(POST, "/api/start?code=guess", "");
      assertEquals(202, wrongKey.status(), wrongKey.body());
      assertFalse(wrongKey.body().contains("code="), wrongKey.body());

      Reply withKey = f.call(POST, "/api/start", "", headers("x-functions-key", KEY));
      assertEquals(202, withKey.status(), withKey.body());
      JsonObject p = withKey.json();
      for (String url : p.fieldNames()) {
        if (!url.equals("id")) {
          assertTrue(p.getString(url).endsWith("code=" + KEY), url + ": " + p.getString(url));
        }
      }
      // the anonymous caller's status URL does not work without the key
      assertEquals(401, f.call(GET, anonymous.json().getString("statusQueryGetUri")).status());
    }
  }

  @Test
  void theKeyHandlerGuardsTriggersBeforeTheirBodyIsRead() {
    var bodiesSeen = new AtomicInteger();
    try (var f =
        new ApiFixture(
            new DurableHttpApiOptions().setKey(KEY).setBodyLimit(1024),
            x -> {
              x.router.route("/api/guarded/*").handler(x.api.keyHandler());
              x.api.addHttpTrigger(
                  x.router,
                  HttpMethod.POST,
                  "/api/guarded/echo",
                  (ctx, client) -> {
                    bodiesSeen.incrementAndGet();
                    return Future.succeededFuture(ctx.body().asJsonObject());
                  });
            })) {
      Reply none = f.call(POST, "/api/guarded/echo", "{\"a\":1}");
      assertEquals(401, none.status(), none.body());
      assertEquals("BATON-119", none.json().getString("error"));
      assertEquals(401, f.call(POST, "/api/guarded/echo?code=wrong", "{}").status());
      assertEquals(401, f.call(POST, "/api/guarded/echo?code=", "{}").status());
      Reply tooBig = f.call(POST, "/api/guarded/echo", "\"" + "x".repeat(4096) + "\"");
      assertEquals(401, tooBig.status(), "credentials first, then the body: " + tooBig.body());
      assertEquals(0, bodiesSeen.get());

      Reply ok = f.call(POST, "/api/guarded/echo?code=" + KEY, "{\"a\":1}");
      assertEquals(200, ok.status(), ok.body());
      assertEquals(1, ok.json().getInteger("a"));
      Reply header =
          f.call(POST, "/api/guarded/echo", "{\"a\":2}", headers("x-functions-key", KEY));
      assertEquals(2, header.json().getInteger("a"));
    }
  }

  @Test
  void withoutAKeyTheKeyHandlerLetsRequestsThrough() {
    try (var f =
        new ApiFixture(
            new DurableHttpApiOptions(),
            x -> {
              x.router.route("/api/*").handler(x.api.keyHandler());
              x.api.addHttpTrigger(
                  x.router,
                  HttpMethod.GET,
                  "/api/ping",
                  (ctx, c) -> Future.succeededFuture("pong"));
            })) {
      Reply r = f.call(GET, "/api/ping");
      assertEquals(200, r.status(), r.body());
      assertEquals("\"pong\"", r.body());
    }
  }

  @Test
  void anAuthenticationHandlerRunsBeforeTheBodyIsRead() {
    var bodyAtAuth = new AtomicReference<String>("not called");
    var auth =
        SimpleAuthenticationHandler.create()
            .authenticate(
                ctx -> {
                  bodyAtAuth.set(ctx.body().buffer() == null ? null : ctx.body().asString());
                  // answer later, as a real identity provider does: the body must not be lost
                  return ctx.vertx()
                      .timer(20, TimeUnit.MILLISECONDS)
                      .compose(
                          v ->
                              "Bearer letmein".equals(ctx.request().getHeader("Authorization"))
                                  ? Future.succeededFuture(User.fromName("ops"))
                                  : Future.failedFuture(new HttpException(401)));
                });
    try (var f =
        new ApiFixture(
            new DurableHttpApiOptions().setAuthenticationHandler(auth).setBodyLimit(1024),
            x -> {})) {
      String big = "\"" + "x".repeat(8192) + "\"";
      Reply anonymous = f.call(POST, f.path("/orchestrators/echo/anon-big"), big);
      assertEquals(401, anonymous.status(), anonymous.body());
      assertEquals("BATON-119", anonymous.json().getString("error"));
      assertNull(bodyAtAuth.get(), "the body was read before authentication");

      MultiMap bearer = headers("Authorization", "Bearer letmein");
      Reply tooBig = f.call(POST, f.path("/orchestrators/echo/auth-big"), big, bearer);
      assertEquals(413, tooBig.status(), tooBig.body());
      assertEquals("BATON-122", tooBig.json().getString("error"));

      Reply ok = f.call(POST, f.path("/orchestrators/echo/auth-ok"), "{\"n\":42}", bearer);
      assertEquals(202, ok.status(), ok.body());
      assertEquals(
          401,
          f.call(GET, ok.json().getString("statusQueryGetUri")).status(),
          "the status URL needs credentials too");
      Reply status =
          f.pollUntil(ok.json().getString("statusQueryGetUri"), bearer, r -> r.status() == 200);
      assertEquals(new JsonObject().put("n", 42), status.json().getJsonObject("output"));
      assertEquals(
          404,
          f.call(GET, f.path("/instances/anon-big"), null, bearer).status(),
          "nothing started");
    }
  }
}
