package dev.baton.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.storage.memory.MemoryBackend;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With Vert.x tracing through {@code vertx-opentelemetry} (and no OpenTelemetry given to the
 * builder), the HTTP API's requests are server spans and an orchestration started over HTTP on
 * loopback is traced under its request: HTTP POST, then the client's start, the orchestration and
 * its activity, all in one trace.
 */
class TracingRoutesTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private OpenTelemetrySdk sdk;
  private Vertx vertx;
  private Baton baton;
  private HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() throws Exception {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(sdk);
    vertx =
        Vertx.builder()
            .with(new VertxOptions().setTracingOptions(new OpenTelemetryOptions()))
            .withTracer(new OpenTelemetryTracingFactory())
            .build();
    baton =
        Baton.builder(vertx)
            .backend(MemoryBackend.create())
            .options(new BatonOptions().setMaxPollInterval(Duration.ofMillis(50)))
            .addActivity("hello", ctx -> "Hello " + ctx.input(String.class) + "!")
            .addOrchestrator("greet", ctx -> ctx.callActivity("hello", "web", String.class).await())
            .build();
    await(baton.start());
    Router router = Router.router(vertx);
    DurableHttpApi.create(vertx, baton::client, new DurableHttpApiOptions()).mount(router);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void tearDown() {
    try {
      await(baton.close());
      await(vertx.close());
    } finally {
      GlobalOpenTelemetry.resetForTest();
    }
  }

  @Test
  void anOrchestrationStartedOverHttpIsTracedUnderItsRequest() throws Exception {
    String base = "http://127.0.0.1:" + server.actualPort() + "/runtime/webhooks/durabletask";
    HttpResponse<String> started =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/orchestrators/greet"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("null"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(202, started.statusCode(), started.body());
    String id = new JsonObject(started.body()).getString("id");

    SpanData activity = awaitSpan(s -> s.getName().equals("baton activity hello"));
    SpanData orchestration = awaitSpan(s -> s.getName().equals("baton orchestration greet"));
    SpanData start = awaitSpan(s -> s.getName().equals("baton start greet"));
    SpanData post =
        awaitSpan(
            s -> s.getKind() == SpanKind.SERVER && s.getSpanId().equals(start.getParentSpanId()));
    assertTrue(post.getName().startsWith("POST"), post.getName());
    assertEquals(post.getTraceId(), activity.getTraceId(), "one trace from request to activity");
    assertEquals(start.getSpanId(), orchestration.getParentSpanId());
    assertEquals(orchestration.getSpanId(), activity.getParentSpanId());

    HttpResponse<String> status =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/instances/" + id)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(status.statusCode() == 200 || status.statusCode() == 202, status.body());
    SpanData get = awaitSpan(s -> s.getKind() == SpanKind.SERVER && s.getName().startsWith("GET"));
    Object code =
        get.getAttributes().asMap().entrySet().stream()
            .filter(e -> e.getKey().getKey().endsWith("status_code"))
            .map(java.util.Map.Entry::getValue)
            .findFirst()
            .orElse(null);
    assertEquals(String.valueOf(status.statusCode()), String.valueOf(code), get.toString());
  }

  private SpanData awaitSpan(Predicate<SpanData> p) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      for (SpanData s : spans.getFinishedSpanItems()) {
        if (p.test(s)) {
          return s;
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError(
        "no such span in " + spans.getFinishedSpanItems().stream().map(SpanData::getName).toList());
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
