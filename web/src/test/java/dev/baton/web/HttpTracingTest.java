package dev.baton.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.storage.memory.MemoryBackend;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
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
 * {@link HttpTracing} with an OpenTelemetry instance given to the builder (Vert.x tracing off):
 * over real HTTP on loopback, a request is a server span that continues the caller's trace and is
 * the parent of the start it makes; null is refused.
 */
class HttpTracingTest {

  private static final String UPSTREAM_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String UPSTREAM_SPAN = "00f067aa0ba902b7";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();
  private Baton baton;
  private HttpServer server;

  @BeforeEach
  void setUp() {
    baton =
        Baton.builder(vertx)
            .backend(MemoryBackend.create())
            .options(new BatonOptions().setMaxPollInterval(Duration.ofMillis(50)))
            .openTelemetry(sdk)
            .addActivity("hello", ctx -> "Hello " + ctx.input(String.class) + "!")
            .addOrchestrator("greet", ctx -> ctx.callActivity("hello", "web", String.class).await())
            .build();
    await(baton.start());
    Router router = Router.router(vertx);
    router.route().handler(HttpTracing.create(sdk));
    DurableHttpApi.create(vertx, baton::client, new DurableHttpApiOptions()).mount(router);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void tearDown() {
    await(baton.close());
    await(vertx.close());
  }

  @Test
  void aRequestContinuesTheCallersTraceAndParentsTheStartItMakes() throws Exception {
    String url =
        "http://127.0.0.1:"
            + server.actualPort()
            + "/runtime/webhooks/durabletask/orchestrators/greet";
    HttpResponse<String> started =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + UPSTREAM_TRACE + "-" + UPSTREAM_SPAN + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("null"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(202, started.statusCode(), started.body());

    SpanData post = awaitSpan(s -> s.getKind() == SpanKind.SERVER);
    assertEquals("POST", post.getName());
    assertEquals(UPSTREAM_TRACE, post.getTraceId(), "the caller's trace goes on");
    assertEquals(UPSTREAM_SPAN, post.getParentSpanId());
    assertEquals(202L, post.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
    SpanData start = awaitSpan(s -> s.getName().equals("baton start greet"));
    assertEquals(post.getSpanId(), start.getParentSpanId());
    SpanData activity = awaitSpan(s -> s.getName().equals("baton activity hello"));
    assertEquals(UPSTREAM_TRACE, activity.getTraceId());
  }

  @Test
  void aNullOpenTelemetryIsRefused() {
    var e = assertThrows(NullPointerException.class, () -> HttpTracing.create(null));
    assertEquals("openTelemetry", e.getMessage());
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
