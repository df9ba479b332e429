package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.BatonException;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.orchestration.DurableHttpRequest;
import dev.baton.core.orchestration.DurableHttpResponse;
import dev.baton.core.orchestration.RetryPolicy;
import dev.baton.core.orchestration.TaskFailedException;
import dev.baton.core.orchestration.TaskTimeoutException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Durable HTTP calls ({@code ctx.callHttp}) against a real HTTP server on loopback: answers with
 * their headers and body, the 202 polling pattern with {@code Retry-After}, the overall timeout,
 * retries of 5xx answers and network errors, and replays (an uncached engine, a restarted engine)
 * that never send a request again: the server counts every request it gets.
 */
public abstract class HttpCallEngineTest extends EngineTestBase {

  /** Requests the server got, by "METHOD path". */
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  /** Every request the server got, as "METHOD path x-api-key content-type", in order. */
  private final List<String> log = new CopyOnWriteArrayList<>();

  private int count(String methodAndPath) {
    AtomicInteger n = hits.get(methodAndPath);
    return n == null ? 0 : n.get();
  }

  private int total() {
    return log.size();
  }

  /** Starts a loopback server; {@code handler} answers each request (after it is counted). */
  private String serve(Handler<HttpServerRequest> handler) {
    HttpServer server =
        await(
            fixture
                .vertx()
                .createHttpServer()
                .requestHandler(
                    req -> {
                      String key = req.method().name() + " " + req.path();
                      int n = hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                      log.add(
                          key
                              + " "
                              + req.getHeader("x-api-key")
                              + " "
                              + req.getHeader("content-type"));
                      req.pause();
                      handler.handle(req);
                      req.resume();
                    })
                .listen(0, "127.0.0.1"));
    return "http://127.0.0.1:" + server.actualPort();
  }

  private static List<HistoryEvent.TaskScheduled> exchanges(List<HistoryEvent> history) {
    return history.stream()
        .filter(
            e ->
                e instanceof HistoryEvent.TaskScheduled s
                    && s.name().equals("BuiltIn::HttpActivity"))
        .map(e -> (HistoryEvent.TaskScheduled) e)
        .toList();
  }

  @Test
  void anAnswerComesBackWithHeadersAndBodyAndReplaysWithoutASecondRequest() {
    String base =
        serve(
            req ->
                req.body()
                    .onSuccess(
                        body ->
                            req.response()
                                .setStatusCode(201)
                                .putHeader("X-Order", "42")
                                .putHeader("Set-Cookie", (Iterable<String>) List.of("a=1", "b=2"))
                                .end(
                                    req.method() + " " + req.getHeader("x-api-key") + " " + body)));
    var runs = new AtomicInteger();
    Baton baton =
        fixture.start(
            fixture.options().setCacheSize(0), // every episode replays the code from history
            b ->
                b.addOrchestrator(
                    "order",
                    ctx -> {
                      runs.incrementAndGet();
                      DurableHttpResponse r =
                          ctx.callHttp(
                                  new DurableHttpRequest(HttpMethod.POST, base + "/orders")
                                      .putHeader("X-Api-Key", "k1")
                                      .putHeader("Content-Type", "text/plain")
                                      .setBody("two apples"))
                              .await();
                      ctx.createTimer(Duration.ofMillis(10)).await(); // one more episode
                      return r;
                    }));
    DurableClient client = baton.client();
    String id = await(client.scheduleNewOrchestration("order", null));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    DurableHttpResponse r = done.readOutput(DurableHttpResponse.class);
    assertEquals(201, r.status());
    assertEquals("POST k1 two apples", r.body());
    assertEquals("42", r.header("x-order"));
    assertEquals(List.of("a=1", "b=2"), r.headers().get("set-cookie"));
    assertEquals(1, total(), "sent once: " + log);
    assertTrue(runs.get() >= 3, "the code replayed the answer from history: " + runs.get());
    List<HistoryEvent> history = await(client.getInstanceHistory(id));
    List<HistoryEvent.TaskScheduled> sent = exchanges(history);
    assertEquals(1, sent.size());
    assertTrue(
        sent.getFirst().input().contains("\"body\":\"two apples\""), sent.getFirst().input());
    assertTrue(sent.getFirst().input().contains("\"timeoutMs\":100000"), sent.getFirst().input());
    assertTrue(
        history.stream()
            .anyMatch(
                e ->
                    e instanceof HistoryEvent.TaskCompleted c && c.result().contains("two apples")),
        "the answer is in history");
  }

  @Test
  void a202IsPolledAtItsLocationAfterRetryAfterUntilItIsDone() {
    var polls = new AtomicInteger();
    String base =
        serve(
            req -> {
              if (req.path().equals("/accepted")) {
                req.response().setStatusCode(202).end("no Location");
              } else if (req.method() == HttpMethod.POST) {
                req.response()
                    .setStatusCode(202)
                    .putHeader("Location", "/jobs/7/status") // relative to the request
                    .putHeader("Retry-After", "1")
                    .end();
              } else if (polls.incrementAndGet() == 1) {
                req.response().setStatusCode(202).end("running"); // no Retry-After: the interval
              } else if (polls.get() == 2) { // a date already past: poll again at once
                req.response()
                    .setStatusCode(202)
                    .putHeader("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")
                    .end("still running");
              } else {
                req.response().setStatusCode(200).end("report ready");
              }
            });
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addOrchestrator(
                        "report",
                        ctx -> {
                          DurableHttpResponse report =
                              ctx.callHttp(
                                      new DurableHttpRequest(HttpMethod.POST, base + "/jobs")
                                          .putHeader("X-Api-Key", "k2")
                                          .putHeader("Content-Type", "application/json")
                                          .setBody("{}")
                                          .setPollInterval(Duration.ofMillis(300)))
                                  .await();
                          DurableHttpResponse unpolled =
                              ctx.callHttp(
                                      new DurableHttpRequest(HttpMethod.POST, base + "/jobs")
                                          .setAsynchronousPatternEnabled(false))
                                  .await();
                          DurableHttpResponse nowhere =
                              ctx.callHttp(
                                      new DurableHttpRequest(HttpMethod.GET, base + "/accepted"))
                                  .await();
                          return List.of(report, unpolled, nowhere);
                        }))
            .client();
    String id = await(client.scheduleNewOrchestration("report", null));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    DurableHttpResponse[] answers = done.readOutput(DurableHttpResponse[].class);
    assertEquals(200, answers[0].status());
    assertEquals("report ready", answers[0].body());
    assertEquals(202, answers[1].status(), "polling off: the 202 itself");
    assertEquals("/jobs/7/status", answers[1].header("Location"));
    assertEquals(202, answers[2].status(), "a 202 without a Location is the answer");
    assertEquals("no Location", answers[2].body());
    assertEquals(2, count("POST /jobs"));
    assertEquals(1, count("GET /accepted"));
    assertEquals(3, count("GET /jobs/7/status"), "polled until done: " + log);
    // polls carry the request's headers, not those describing its body
    assertEquals("GET /jobs/7/status k2 null", log.get(1));
    List<HistoryEvent> history = await(client.getInstanceHistory(id));
    List<Duration> waits =
        history.stream()
            .filter(e -> e instanceof HistoryEvent.TimerCreated)
            .map(e -> (HistoryEvent.TimerCreated) e)
            .map(t -> Duration.between(t.timestamp(), t.fireAt()))
            .toList();
    assertEquals(
        List.of(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ZERO),
        waits,
        "Retry-After in seconds, the poll interval when the server gives none, a past date");
    assertEquals(6, exchanges(history).size());
  }

  @Test
  void aCallStill202AtItsTimeoutFailsWithATimeoutAndSendsNothingMore() {
    String base =
        serve(
            req ->
                req.response()
                    .setStatusCode(202)
                    .putHeader("Location", "/slow")
                    .putHeader("Retry-After", "1")
                    .end());
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addOrchestrator(
                        "impatient",
                        ctx -> {
                          try {
                            ctx.callHttp(
                                    new DurableHttpRequest(HttpMethod.GET, base + "/slow")
                                        .setTimeout(Duration.ofMillis(2500)))
                                .await();
                            return "answered";
                          } catch (TaskTimeoutException e) {
                            // outlive the poll timer still pending: it must send nothing
                            ctx.createTimer(Duration.ofSeconds(2)).await();
                            return e.code().code() + " " + e.timeout() + " " + e.taskName();
                          }
                        }))
            .client();
    String id = await(client.scheduleNewOrchestration("impatient", null));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    assertEquals("BATON-109 PT2.5S GET " + base + "/slow", done.readOutput(String.class));
    List<HistoryEvent> history = await(client.getInstanceHistory(id));
    List<HistoryEvent.TaskScheduled> sent = exchanges(history);
    assertEquals(total(), sent.size(), "every request sent is in history: " + log);
    assertTrue(total() >= 1, "the first request was sent");
    int timeoutId =
        history.stream()
            .filter(e -> e instanceof HistoryEvent.TimerCreated)
            .map(e -> (HistoryEvent.TimerCreated) e)
            .filter(
                t -> Duration.between(t.timestamp(), t.fireAt()).equals(Duration.ofMillis(2500)))
            .findFirst()
            .orElseThrow()
            .taskId();
    int timedOutAt = -1;
    int lastSent = -1;
    for (int i = 0; i < history.size(); i++) {
      HistoryEvent e = history.get(i);
      if (e instanceof HistoryEvent.TimerFired f && f.taskId() == timeoutId) {
        timedOutAt = i;
      } else if (sent.contains(e)) {
        lastSent = i;
      }
    }
    assertTrue(timedOutAt > 0, "the timeout fired");
    // a poll timer applied just before the timeout in the same episode may still send; no
    // episode after it does (the catch block's 2 s outlive the poll timer still pending)
    int nextEpisode = timedOutAt;
    while (nextEpisode < history.size()
        && !(history.get(nextEpisode) instanceof HistoryEvent.OrchestratorStarted)) {
      nextEpisode++;
    }
    assertTrue(nextEpisode < history.size(), "episodes ran after the timeout: " + history);
    assertTrue(lastSent < nextEpisode, "no request after the timeout's episode: " + history);
  }

  @Test
  void a5xxIsRetriedByThePolicyAndWithoutOneReturnedAsItIs() {
    var flaky = new AtomicInteger();
    String base =
        serve(
            req -> {
              switch (req.path()) {
                case "/flaky" -> {
                  int n = flaky.incrementAndGet();
                  if (n <= 2) {
                    req.response().setStatusCode(n == 1 ? 429 : 503).end("busy");
                  } else {
                    req.response().setStatusCode(200).end("ok");
                  }
                }
                default -> req.response().setStatusCode(500).end("broken");
              }
            });
    var retry = new RetryPolicy().setMaxAttempts(3).setFirstRetryInterval(Duration.ofMillis(50));
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addOrchestrator(
                        "calls",
                        ctx -> {
                          DurableHttpResponse recovered =
                              ctx.callHttp(
                                      new DurableHttpRequest(HttpMethod.GET, base + "/flaky")
                                          .setRetryPolicy(retry))
                                  .await();
                          DurableHttpResponse once =
                              ctx.callHttp(new DurableHttpRequest(HttpMethod.GET, base + "/down"))
                                  .await();
                          DurableHttpResponse exhausted =
                              ctx.callHttp(
                                      new DurableHttpRequest(HttpMethod.GET, base + "/broken")
                                          .setRetryPolicy(
                                              new RetryPolicy()
                                                  .setMaxAttempts(2)
                                                  .setFirstRetryInterval(Duration.ofMillis(50))))
                                  .await();
                          return recovered.status()
                              + " "
                              + recovered.body()
                              + ", "
                              + once.status()
                              + ", "
                              + exhausted.status()
                              + " "
                              + exhausted.body();
                        }))
            .client();
    String id = await(client.scheduleNewOrchestration("calls", null));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    assertEquals("200 ok, 500, 500 broken", done.readOutput(String.class));
    assertEquals(3, count("GET /flaky"), "a 429 and a 503 retried, then 200");
    assertEquals(1, count("GET /down"), "no policy: no retry");
    assertEquals(2, count("GET /broken"), "the last 500 returned once the attempts ran out");
  }

  @Test
  void aNetworkErrorIsRetriedThenFailsTheTask() {
    // a port that was just free: nothing listens there, the connection is refused
    HttpServer closed =
        await(
            fixture
                .vertx()
                .createHttpServer()
                .requestHandler(req -> req.response().end())
                .listen(0, "127.0.0.1"));
    int port = closed.actualPort();
    await(closed.close());
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addOrchestrator(
                        "unreachable",
                        ctx -> {
                          try {
                            ctx.callHttp(
                                    new DurableHttpRequest(
                                            HttpMethod.GET, "http://127.0.0.1:" + port + "/x")
                                        .setRetryPolicy(
                                            new RetryPolicy()
                                                .setMaxAttempts(2)
                                                .setFirstRetryInterval(Duration.ofMillis(50))))
                                .await();
                            return "answered";
                          } catch (TaskFailedException e) {
                            return e.taskName() + " " + e.code().code();
                          }
                        }))
            .client();
    String id = await(client.scheduleNewOrchestration("unreachable", null));
    InstanceMetadata done = complete(client, id);
    assertEquals("BuiltIn::HttpActivity BATON-116", done.readOutput(String.class));
    List<HistoryEvent> history = await(client.getInstanceHistory(id));
    assertEquals(2, exchanges(history).size(), "two attempts");
    assertEquals(
        2,
        history.stream().filter(e -> e instanceof HistoryEvent.TaskFailed).count(),
        "both failed");
  }

  @Test
  void anAnswerOverTheBodyLimitFailsTheCall() {
    int over = 16 * 1024 * 1024 + 1;
    String base =
        serve(
            req -> {
              if (req.path().equals("/sized")) {
                req.response().end(io.vertx.core.buffer.Buffer.buffer(new byte[over]));
              } else { // chunked: no Content-Length, the limit is seen while reading
                var response = req.response().setChunked(true);
                response.write(io.vertx.core.buffer.Buffer.buffer(new byte[over / 2]));
                response.end(io.vertx.core.buffer.Buffer.buffer(new byte[over / 2 + 1]));
              }
            });
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addOrchestrator(
                        "greedy",
                        ctx -> {
                          StringBuilder out = new StringBuilder();
                          for (String path : List.of("/sized", "/chunked")) {
                            try {
                              ctx.callHttp(new DurableHttpRequest(HttpMethod.GET, base + path))
                                  .await();
                              out.append("kept ");
                            } catch (TaskFailedException e) {
                              out.append(e.details().message()).append('\n');
                            }
                          }
                          return out.toString();
                        }))
            .client();
    String id = await(client.scheduleNewOrchestration("greedy", null));
    InstanceMetadata done = complete(client, id);
    String[] lines = done.readOutput(String.class).split("\n");
    assertEquals(2, lines.length, done.readOutput(String.class));
    for (String line : lines) {
      assertTrue(line.contains("has a body over 16777216 bytes"), line);
    }
  }

  @Test
  void aRestartedEngineReplaysTheAnswerWithoutCallingAgain() {
    String base = serve(req -> req.response().end("stock: " + total()));
    java.util.function.Consumer<Baton.Builder> setup =
        b ->
            b.addOrchestrator(
                "restock",
                ctx -> {
                  DurableHttpResponse r =
                      ctx.callHttp(new DurableHttpRequest(HttpMethod.GET, base + "/stock")).await();
                  ctx.setCustomStatus("called");
                  String go = ctx.waitForExternalEvent("go", String.class).await();
                  return r.body() + " " + go;
                });
    Baton first = fixture.start(setup);
    String id = await(first.client().scheduleNewOrchestration("restock", null));
    TestEntities.awaitTrue(
        "the call is answered",
        () -> {
          InstanceMetadata m = await(first.client().getInstance(id));
          return m != null && "\"called\"".equals(m.customStatus());
        });
    // the first engine has finished with the call once its work item is gone; an engine stopped
    // before that (a crash) runs the call again, as any activity (at least once)
    var hub = fixture.hub();
    TestEntities.awaitTrue(
        "the call's work item is deleted",
        () -> await(hub.workItemQueue().approximateCount()) == 0);
    await(first.close());
    Baton second = fixture.start(setup); // no cache: the code replays from the stored history
    await(second.client().raiseEvent(id, "go", "go"));
    InstanceMetadata done = complete(second.client(), id);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    assertEquals("stock: 1 go", done.readOutput(String.class));
    assertEquals(
        1,
        total(),
        "one request across both engines: " + log + EngineFixture.describe(second.client(), id));
  }

  @Test
  void badInputFailsClearly() {
    String base =
        serve(req -> req.response().setStatusCode(202).putHeader("Location", "ftp://x/y").end());
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addOrchestrator(
                        "careless",
                        ctx -> {
                          String nullRequest;
                          try {
                            ctx.callHttp(null);
                            nullRequest = "accepted";
                          } catch (BatonException e) {
                            nullRequest = e.getMessage();
                          }
                          String badLocation;
                          try {
                            ctx.callHttp(new DurableHttpRequest(HttpMethod.GET, base + "/go"))
                                .await();
                            badLocation = "accepted";
                          } catch (BatonException e) {
                            badLocation = e.getMessage();
                          }
                          return nullRequest + "\n" + badLocation;
                        }))
            .client();
    String id = await(client.scheduleNewOrchestration("careless", null));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    String[] lines = done.readOutput(String.class).split("\n");
    assertTrue(lines[0].startsWith("BATON-112 callHttp needs a request"), lines[0]);
    assertTrue(lines[1].startsWith("BATON-116 the 202 answer from"), lines[1]);
    assertTrue(lines[1].contains("'ftp://x/y', which cannot be polled"), lines[1]);
    assertEquals(1, total());
    var reserved =
        assertThrows(
            BatonException.class,
            () -> Baton.builder(fixture.vertx()).addActivity("BuiltIn::HttpActivity", c -> null));
    assertTrue(reserved.getMessage().startsWith("BATON-112"), reserved.getMessage());
  }
}
