package dev.baton.web;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * What the API trusts: the {@code Host} header (only loopback names on a loopback connection, or
 * the allowed hosts), browsers (no cross-site state change), and the network (no unprotected
 * non-loopback bind by accident). Each refusal is a JSON 403 and changes nothing.
 */
class TrustTest {

  private static MultiMap headers(String... namesAndValues) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }

  private static void assertForbidden(Reply r, String messagePart) {
    assertEquals(403, r.status(), r.body());
    assertEquals("FORBIDDEN", r.json().getString("error"));
    assertTrue(r.json().getString("message").contains(messagePart), r.body());
  }

  @Test
  void aLoopbackServerAnswersOnlyToLoopbackHosts() {
    try (var f = new ApiFixture()) {
      Reply evil =
          f.call(POST, f.path("/orchestrators/echo/rebound"), "1", headers("Host", "evil.example"));
      assertForbidden(evil, "evil.example");
      assertEquals(404, f.call(GET, f.path("/instances/rebound")).status(), "nothing started");
      assertForbidden(
          f.call(GET, f.path("/instances"), null, headers("Host", "evil.example:" + f.port())),
          "Host");

      Reply local =
          f.call(
              POST,
              f.path("/orchestrators/echo/local"),
              "1",
              headers("Host", "localhost:" + f.port()));
      assertEquals(202, local.status(), local.body());
      assertTrue(
          local.header("Location").startsWith("http://localhost:" + f.port() + "/"),
          local.header("Location"));
      Reply v6 = f.call(GET, f.path("/instances"), null, headers("Host", "[::1]:" + f.port()));
      assertEquals(200, v6.status(), v6.body());
    }
  }

  @Test
  void forwardedHeadersDoNotNameTheUrls() {
    try (var f = new ApiFixture()) {
      Reply r =
          f.call(
              POST,
              f.path("/orchestrators/echo"),
              "1",
              headers(
                  "X-Forwarded-Host", "evil.example",
                  "X-Forwarded-Proto", "https",
                  "Forwarded", "host=evil.example;proto=https"));
      assertEquals(202, r.status(), r.body());
      assertFalse(r.body().contains("evil"), r.body());
      assertTrue(
          r.json().getString("statusQueryGetUri").startsWith("http://127.0.0.1:" + f.port() + "/"),
          r.body());
    }
  }

  @Test
  void allowedHostsAndTheBaseUrlNameTheUrls() {
    var options = new DurableHttpApiOptions().addAllowedHost("api.example.com");
    try (var f = new ApiFixture(options, x -> {})) {
      Reply r =
          f.call(POST, f.path("/orchestrators/echo"), "1", headers("Host", "api.example.com"));
      assertEquals(202, r.status(), r.body());
      assertTrue(
          r.json().getString("statusQueryGetUri").startsWith("http://api.example.com/runtime/"),
          r.body());
      assertForbidden(
          f.call(GET, f.path("/instances"), null, headers("Host", "evil.example")), "Host");
    }
    var base = new DurableHttpApiOptions().setBaseUrl("https://df.example.com/");
    try (var f = new ApiFixture(base, x -> {})) {
      Reply r = f.call(POST, f.path("/orchestrators/echo"), "1", headers("Host", "localhost"));
      assertTrue(
          r.json().getString("statusQueryGetUri").startsWith("https://df.example.com/runtime/"),
          r.body());
      // a proxy in front forwards the public name: it is the base URL's, so it is served
      Reply proxied = f.call(GET, f.path("/instances"), null, headers("Host", "df.example.com"));
      assertEquals(200, proxied.status(), proxied.body());
      assertForbidden(
          f.call(GET, f.path("/instances"), null, headers("Host", "evil.example")), "Host");
    }
  }

  @Test
  void crossSiteBrowserRequestsMayNotChangeState() {
    var options = new DurableHttpApiOptions().addAllowedOrigin("https://ops.example.com");
    try (var f =
        new ApiFixture(
            options,
            x ->
                x.api.addHttpTrigger(
                    x.router,
                    HttpMethod.POST,
                    "/api/start",
                    (ctx, client) ->
                        client
                            .scheduleNewOrchestration(TestFunctions.ECHO, "x")
                            .compose(id -> x.api.createCheckStatusResponse(ctx, id))))) {
      MultiMap form =
          headers("Origin", "https://evil.example", "Content-Type", "text/plain;charset=UTF-8");
      assertForbidden(f.call(POST, f.path("/orchestrators/echo/csrf"), "1", form), "cross-site");
      assertForbidden(f.call(POST, "/api/start", "1", form), "cross-site");
      assertForbidden(
          f.call(POST, f.path("/orchestrators/echo/csrf"), "1", headers("Origin", "null")),
          "cross-site");
      assertForbidden(
          f.call(
              POST,
              f.path("/orchestrators/echo/csrf"),
              "1",
              headers("Sec-Fetch-Site", "cross-site")),
          "cross-site");
      assertForbidden(
          f.call(
              POST,
              f.path("/orchestrators/echo/csrf"),
              "1",
              headers("Sec-Fetch-Site", "same-site")),
          "cross-site");
      assertEquals(404, f.call(GET, f.path("/instances/csrf")).status(), "nothing started");

      // reads stay possible (a browser shows no cross-site page the answer anyway)
      assertEquals(200, f.call(GET, f.path("/instances"), null, form).status());
      String self = "http://127.0.0.1:" + f.port();
      assertEquals(
          202,
          f.call(POST, f.path("/orchestrators/echo/same"), "1", headers("Origin", self)).status());
      assertEquals(
          202,
          f.call(
                  POST,
                  f.path("/orchestrators/echo/fetch"),
                  "1",
                  headers("Sec-Fetch-Site", "same-origin", "Origin", self))
              .status());
      MultiMap ops = headers("Origin", "https://ops.example.com", "Sec-Fetch-Site", "cross-site");
      assertEquals(202, f.call(POST, f.path("/orchestrators/echo/ops"), "1", ops).status());
      assertEquals(202, f.call(POST, "/api/start", "1", ops).status());
    }
  }

  private static String nonLoopbackAddress() throws SocketException {
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nif.isUp() || nif.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          return a.getHostAddress();
        }
      }
    }
    throw new AssertionError("this test needs a non-loopback IPv4 address on the machine");
  }

  @Test
  void anUnprotectedApiRefusesToListenBeyondLoopback() throws Exception {
    try (var f = new ApiFixture()) {
      Future<HttpServer> refused = f.api.listen(f.router, 0, "0.0.0.0");
      Throwable e = assertThrows(refused);
      assertTrue(e.getMessage().contains("refusing to listen on 0.0.0.0"), e.getMessage());
      assertTrue(e.getMessage().contains("setKey"), e.getMessage());
      assertThrows(f.api.listen(f.router, 0, nonLoopbackAddress()));

      HttpServer local = ApiFixture.await(f.api.listen(f.router, 0, "localhost"));
      Reply r = f.raw("127.0.0.1", local.actualPort(), get(f, "/instances", "localhost"));
      assertEquals(200, r.status(), r.body());
      ApiFixture.await(local.close());
    }
    var keyed = new DurableHttpApiOptions().setKey("k");
    try (var f = new ApiFixture(keyed, x -> {})) {
      HttpServer any = ApiFixture.await(f.api.listen(f.router, 0, "0.0.0.0"));
      String address = nonLoopbackAddress();
      Reply none = f.raw(address, any.actualPort(), get(f, "/instances", address));
      assertEquals(401, none.status(), none.body());
      Reply ok = f.raw(address, any.actualPort(), get(f, "/instances?code=k", address));
      assertEquals(200, ok.status(), ok.body());
      ApiFixture.await(any.close());
    }
  }

  @Test
  void aServerBuiltByHandServesNonLoopbackConnectionsOnlyWhenProtectedOrAllowed() throws Exception {
    String address = nonLoopbackAddress();
    try (var f = new ApiFixture()) {
      HttpServer any =
          ApiFixture.await(f.vertx.createHttpServer().requestHandler(f.router).listen(0, address));
      Reply refused = f.raw(address, any.actualPort(), get(f, "/instances", address));
      assertForbidden(refused, "loopback connections only");
      ApiFixture.await(any.close());
    }
    var warnings = new ArrayList<LogRecord>();
    Logger log = Logger.getLogger(DurableHttpApi.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel() == Level.WARNING) {
              synchronized (warnings) {
                warnings.add(record);
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    try (var f = new ApiFixture(new DurableHttpApiOptions().setAllowUnprotected(true), x -> {})) {
      HttpServer any = ApiFixture.await(f.api.listen(f.router, 0, "0.0.0.0"));
      for (int i = 0; i < 3; i++) {
        Reply r = f.raw(address, any.actualPort(), get(f, "/instances", address));
        assertEquals(200, r.status(), r.body());
      }
      ApiFixture.await(any.close());
    } finally {
      log.removeHandler(capture);
    }
    synchronized (warnings) {
      assertEquals(1, warnings.size(), "one warning, however many requests: " + warnings);
      assertNotNull(warnings.get(0).getMessage());
      assertTrue(warnings.get(0).getMessage().contains("allowUnprotected"));
    }
  }

  private static String get(ApiFixture f, String rel, String host) {
    return "GET " + f.path(rel) + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
  }

  private static Throwable assertThrows(Future<?> future) {
    try {
      future.await(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      // inspected below
    }
    if (!future.failed()) {
      throw new AssertionError("expected a failure, got " + future.result());
    }
    return future.cause();
  }
}
