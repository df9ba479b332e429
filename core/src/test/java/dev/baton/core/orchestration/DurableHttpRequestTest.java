package dev.baton.core.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DurableHttpRequestTest {

  private static void refused(String expected, Executable bad) {
    BatonException e = assertThrows(BatonException.class, bad);
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().startsWith("BATON-112 "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void defaultsFollowDurableFunctions() {
    var r = new DurableHttpRequest(HttpMethod.GET, "https://example.com/a?b=c");
    assertEquals(URI.create("https://example.com/a?b=c"), r.getUri());
    assertTrue(r.isAsynchronousPatternEnabled());
    assertEquals(Duration.ofSeconds(30), r.getPollInterval());
    assertNull(r.getTimeout());
    assertNull(r.getRetryPolicy());
    assertNull(r.getBody());
    assertEquals(Map.of(), r.getHeaders());
    assertEquals("GET https://example.com/a?b=c", r.toString());
  }

  @Test
  void badUrisMethodsAndOptionsAreRefused() {
    refused("needs a URI", () -> new DurableHttpRequest(HttpMethod.GET, (URI) null));
    refused("needs a URI", () -> new DurableHttpRequest(HttpMethod.GET, (String) null));
    refused("HTTP method is required", () -> new DurableHttpRequest(null, "http://h/"));
    refused("must be absolute", () -> new DurableHttpRequest(HttpMethod.GET, "/orders/1"));
    refused("schemes http and https", () -> new DurableHttpRequest(HttpMethod.GET, "ftp://h/f"));
    refused("schemes http and https", () -> new DurableHttpRequest(HttpMethod.GET, "file:///x"));
    refused("needs a host", () -> new DurableHttpRequest(HttpMethod.GET, "http:///path"));
    refused("is not a URI", () -> new DurableHttpRequest(HttpMethod.GET, "http://h/a b"));
    var r = new DurableHttpRequest(HttpMethod.GET, "http://h/");
    refused("must be positive", () -> r.setTimeout(Duration.ofSeconds(-1)));
    refused("must be positive", () -> r.setTimeout(Duration.ZERO));
    refused("zero or positive", () -> r.setPollInterval(Duration.ofMillis(-1)));
    refused("zero or positive", () -> r.setPollInterval(null));
    refused("HTTP token", () -> r.putHeader("Bad Name", "v"));
    refused("HTTP token", () -> r.putHeader(null, "v"));
    refused("control characters", () -> r.putHeader("X-A", "v\r\nX-Injected: 1"));
    refused("control characters", () -> r.putHeader("X-A", null));
    refused(
        "not an HTTP method",
        () ->
            new DurableHttpRequest(new JsonObject().put("method", "GE T").put("uri", "http://h/")));
    refused("needs a URI", () -> new DurableHttpRequest(new JsonObject().put("method", "GET")));
    // a refused value leaves the request as it was
    assertNull(r.getTimeout());
    assertEquals(Map.of(), r.getHeaders());
  }

  @Test
  void headersIgnoreCaseAndTheJsonFormRoundTrips() {
    var r =
        new DurableHttpRequest(HttpMethod.PUT, "http://127.0.0.1:8080/x")
            .putHeader("x-api-key", "old")
            .putHeader("X-Api-Key", "new")
            .putHeader("Accept", "text/plain")
            .setBody("body")
            .setAsynchronousPatternEnabled(false)
            .setPollInterval(Duration.ofSeconds(2))
            .setTimeout(Duration.ofMinutes(1))
            .setRetryPolicy(new RetryPolicy().setMaxAttempts(4));
    assertEquals(List.of("X-Api-Key", "Accept"), List.copyOf(r.getHeaders().keySet()));
    assertEquals("new", r.getHeaders().get("X-Api-Key"));
    JsonObject json = r.toJson();
    var back = new DurableHttpRequest(json);
    assertEquals(r, back);
    assertEquals(json, back.toJson());
    assertEquals(HttpMethod.PUT, back.getMethod());
    assertEquals(4, back.getRetryPolicy().getMaxAttempts());
  }

  @Test
  void aResponseReadsHeadersByAnyCase() {
    var r =
        new DurableHttpResponse(
            200,
            Map.of("Content-Type", List.of("text/plain"), "Set-Cookie", List.of("a", "b")),
            "x");
    assertEquals("text/plain", r.header("content-type"));
    assertEquals("text/plain", r.header("CONTENT-TYPE"));
    assertEquals(List.of("a", "b"), r.headers().get("set-cookie"));
    assertNull(r.header("missing"));
    assertNull(r.header(null));
    assertEquals(Map.of(), new DurableHttpResponse(204, null, null).headers());
  }
}
