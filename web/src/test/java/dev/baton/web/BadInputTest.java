package dev.baton.web;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.entity.EntityId;
import dev.baton.web.ApiFixture.Reply;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad and unusual requests over real HTTP: a stored start is never answered with an error, a
 * caller's mistake is a JSON 400 that says what to fix and shows no internal text, a store failure
 * is a 503 without the store's words, and none of them changes anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

  /** What a store SDK puts in its exceptions; none of it may reach a caller. */
  private static final String SDK_WORDS =
      "Status code 503, <?xml version=\"1.0\"?><Error><Code>ServerBusy</Code>"
          + " RequestId:0b3c AccountKey=Eby8vdM02xNOcqFl";

  private ApiFixture f;

  @BeforeAll
  void start() {
    f =
        new ApiFixture(
            new DurableHttpApiOptions(),
            x -> {
              // a trigger that signals an entity, then starts: the reference scenario's shape
              x.api.addHttpTrigger(
                  x.router,
                  HttpMethod.POST,
                  "/api/start/:id",
                  (ctx, client) ->
                      client
                          .signalEntity(
                              EntityId.of(TestFunctions.COUNTER, ctx.pathParam("id")), "add", 1)
                          .compose(
                              v ->
                                  client.scheduleNewOrchestration(
                                      TestFunctions.ECHO,
                                      "x",
                                      new dev.baton.core.client.StartOptions()
                                          .setInstanceId(ctx.pathParam("id"))))
                          .compose(id -> x.api.createCheckStatusResponse(ctx, id)));
              // the management API in front of a store that fails every call
              DurableClient broken =
                  (DurableClient)
                      Proxy.newProxyInstance(
                          DurableClient.class.getClassLoader(),
                          new Class<?>[] {DurableClient.class},
                          (proxy, method, args) ->
                              Future.failedFuture(new BatonException(ErrorCode.STORE, SDK_WORDS)));
              DurableHttpApi.create(
                      x.vertx, () -> broken, new DurableHttpApiOptions().setMountPath("/broken"))
                  .mount(x.router);
            });
  }

  @AfterAll
  void stop() {
    f.close();
  }

  private String raw(String method, String target, String version, String host, String body) {
    return method
        + " "
        + target
        + " "
        + version
        + "\r\n"
        + (host == null ? "" : "Host: " + host + "\r\n")
        + "Connection: close\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  private String host() {
    return "127.0.0.1:" + f.port();
  }

  private void assertBadRequest(Reply r, String code, String messagePart) {
    assertEquals(400, r.status(), r.body());
    assertEquals(code, r.json().getString("error"), r.body());
    String message = r.json().getString("message");
    assertTrue(message.contains(messagePart), message);
    for (String internal : new String[] {"Exception", "jackson", "Source:", "at dev.", "decode:"}) {
      assertFalse(message.contains(internal), "internal text in: " + message);
    }
  }

  private void assertNoInstance(String id) {
    assertEquals(404, f.call(GET, f.path("/instances/" + id)).status(), id + " must not exist");
  }

  @Test
  void aStartWithBracesInTheQueryIsAnswered202() {
    Reply r =
        f.raw(
            raw(
                "POST",
                f.path("/orchestrators/echo/braces?x={y}&z=a|b^c"),
                "HTTP/1.1",
                host(),
                "1"));
    assertEquals(202, r.status(), r.body());
    assertEquals("braces", r.json().getString("id"));
    assertTrue(r.header("Location").startsWith("http://127.0.0.1:" + f.port() + "/"), r.body());

    Reply trigger = f.raw(raw("POST", "/api/start/trig-braces?x={y}", "HTTP/1.1", host(), ""));
    assertEquals(202, trigger.status(), trigger.body());
    assertEquals("trig-braces", trigger.json().getString("id"));

    Reply status = f.raw(raw("GET", f.path("/instances/braces?x={y}"), "HTTP/1.1", host(), ""));
    assertTrue(status.status() == 200 || status.status() == 202, status.toString());
  }

  @Test
  void http10WithoutHostGetsUrlsOnTheServersAddress() {
    Reply r = f.raw(raw("POST", f.path("/orchestrators/echo/old-client"), "HTTP/1.0", null, "1"));
    assertEquals(202, r.status(), r.body());
    String status = r.json().getString("statusQueryGetUri");
    assertTrue(status.startsWith("http://127.0.0.1:" + f.port() + "/runtime/"), status);
    Reply trigger = f.raw(raw("POST", "/api/start/old-trigger", "HTTP/1.0", null, ""));
    assertEquals(202, trigger.status(), trigger.body());
    f.pollUntil(f.path("/instances/old-client"), x -> x.status() == 200);
    Reply polled = f.raw(raw("GET", f.path("/instances/old-trigger"), "HTTP/1.0", null, ""));
    assertTrue(polled.status() == 200 || polled.status() == 202, polled.toString());
  }

  @Test
  void http11WithoutHostIsAJson400() {
    Reply r = f.raw(raw("POST", f.path("/orchestrators/echo/no-host"), "HTTP/1.1", null, "1"));
    assertBadRequest(r, "BATON-112", "Host");
    assertNoInstance("no-host");
  }

  @Test
  void aRawPercentInReasonIsTheReasonsText() {
    String id = "pct";
    ApiFixture.await(
        f.client()
            .scheduleNewOrchestration(
                TestFunctions.WAIT,
                null,
                new dev.baton.core.client.StartOptions().setInstanceId(id)));
    ApiFixture.await(f.client().waitForInstanceStart(id, Duration.ofSeconds(30)));
    Reply r =
        f.raw(
            raw(
                "POST",
                f.path("/instances/pct/terminate?reason=100%sure&x"),
                "HTTP/1.1",
                host(),
                ""));
    assertEquals(202, r.status(), r.body());
    var done = ApiFixture.await(f.client().waitForInstanceCompletion(id, Duration.ofSeconds(30)));
    assertEquals(RuntimeStatus.TERMINATED, done.status());
    assertEquals("\"100%sure&x\"", done.output());

    ApiFixture.await(
        f.client()
            .scheduleNewOrchestration(
                TestFunctions.WAIT,
                null,
                new dev.baton.core.client.StartOptions().setInstanceId("pct-2")));
    ApiFixture.await(f.client().waitForInstanceStart("pct-2", Duration.ofSeconds(30)));
    // what a WHATWG URL makes of "stop&now 100%é": the space and é escaped, the '%' left alone
    Reply mixed =
        f.raw(
            raw(
                "POST",
                f.path("/instances/pct-2/terminate?reason=stop&now%20100%%C3%A9&taskHub=h"),
                "HTTP/1.1",
                host(),
                ""));
    assertEquals(202, mixed.status(), mixed.body());
    var ended =
        ApiFixture.await(f.client().waitForInstanceCompletion("pct-2", Duration.ofSeconds(30)));
    assertEquals("stop&now 100%\u00e9", ended.readOutput(String.class));
  }

  @Test
  void aRawPercentElsewhereIsAJson400() {
    Reply list =
        f.raw(raw("GET", f.path("/instances?instanceIdPrefix=50%off"), "HTTP/1.1", host(), ""));
    assertBadRequest(list, "BATON-112", "%");
    Reply start =
        f.raw(
            raw(
                "POST",
                f.path("/orchestrators/echo/pct-start?version=5%"),
                "HTTP/1.1",
                host(),
                ""));
    assertBadRequest(start, "BATON-112", "%");
    assertNoInstance("pct-start");
  }

  @Test
  void callerMistakesAre400sThatSayWhatToFix() {
    assertBadRequest(
        f.call(POST, f.path("/orchestrators/echo/bad-json"), "{\"a\":"),
        "BATON-118",
        "not valid JSON");
    assertNoInstance("bad-json");
    assertBadRequest(
        f.call(POST, f.path("/orchestrators/no_such_function/nf"), "1"), "BATON-102", "");
    assertNoInstance("nf");
    assertBadRequest(f.call(POST, f.path("/orchestrators/echo/%20a"), "1"), "BATON-105", "");
    String tooLong = "x".repeat(300);
    assertBadRequest(f.call(POST, f.path("/orchestrators/echo/" + tooLong), "1"), "BATON-105", "");
    assertBadRequest(
        f.call(POST, f.path("/orchestrators/echo/to?timeout=ten&pollingInterval=1"), "1"),
        "BATON-112",
        "timeout");
    assertBadRequest(
        f.call(POST, f.path("/orchestrators/echo/iv?timeout=1&pollingInterval=5"), "1"),
        "BATON-112",
        "pollingInterval");
    assertNoInstance("iv");
    assertBadRequest(f.call(GET, f.path("/instances?showInput=maybe")), "BATON-112", "showInput");
    assertBadRequest(f.call(GET, f.path("/instances?top=-1")), "BATON-112", "top");
    assertBadRequest(
        f.call(GET, f.path("/instances?runtimeStatus=Sleeping")), "BATON-112", "runtimeStatus");
    assertBadRequest(
        f.call(GET, f.path("/instances?createdTimeFrom=yesterday")),
        "BATON-112",
        "createdTimeFrom");
  }

  @Test
  void aContinuationTokenTheServerDidNotIssueIsA400() {
    var token =
        io.vertx.core.MultiMap.caseInsensitiveMultiMap()
            .add("x-ms-continuation-token", "not-a-token\u00e9{}");
    Reply r = f.call(GET, f.path("/instances"), null, token);
    assertBadRequest(r, "BATON-112", "x-ms-continuation-token");
    for (String rel : new String[] {"/entities", "/entities/counter"}) {
      assertBadRequest(
          f.call(GET, f.path(rel), null, token), "BATON-112", "continuation token was not issued");
    }
  }

  @Test
  void aStoreFailureIs503WithoutTheStoresWords() {
    for (String rel :
        new String[] {"/instances/x", "/instances", "/entities/counter/k", "/entities"}) {
      Reply r = f.call(GET, "/broken" + rel);
      assertEquals(503, r.status(), rel + ": " + r.body());
      assertEquals("BATON-113", r.json().getString("error"));
      assertTrue(r.json().getString("message").contains("retry later"), r.body());
      for (String word : new String[] {"ServerBusy", "Status code", "AccountKey", "<?xml"}) {
        assertFalse(r.body().contains(word), rel + " leaks '" + word + "': " + r.body());
      }
    }
    Reply start = f.call(POST, "/broken/orchestrators/echo/st", "1");
    assertEquals(503, start.status(), start.body());
    assertFalse(start.body().contains("ServerBusy"), start.body());
  }
}
