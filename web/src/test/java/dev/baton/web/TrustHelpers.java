package dev.baton.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * What the tests of the API's and the dashboard's protection share: request headers, the JSON 403
 * they expect, a bearer-token authentication handler and a non-loopback address to bind to.
 */
final class TrustHelpers {

  private TrustHelpers() {}

  /** Headers from alternating names and values. */
  static MultiMap headers(String... namesAndValues) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }

  /** Asserts a JSON 403 FORBIDDEN whose message contains {@code messagePart}. */
  static void assertForbidden(Reply r, String messagePart) {
    assertEquals(403, r.status(), r.body());
    assertEquals("BATON-120", r.json().getString("error"));
    assertTrue(r.json().getString("message").contains(messagePart), r.body());
  }

  /** An authentication handler that lets in {@code Authorization: Bearer letmein}, else 401. */
  static AuthenticationHandler bearerLetmein() {
    return SimpleAuthenticationHandler.create()
        .authenticate(
            ctx ->
                "Bearer letmein".equals(ctx.request().getHeader("Authorization"))
                    ? Future.succeededFuture(User.fromName("ops"))
                    : Future.failedFuture(new HttpException(401)));
  }

  /** An IPv4 address of this machine that is not loopback or link-local; fails the test if none. */
  static String nonLoopbackAddress() throws SocketException {
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
}
