package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.entity.EntityId;
import dev.baton.core.history.HistoryEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry spans: a client's start is the parent of the orchestration's span, which is the
 * parent of its activities', its sub-orchestrations' and its entity operations'; the trace carries
 * on after the engine is replaced; a replay (no cache) begins no span twice; and null is refused.
 */
public abstract class TracingEngineTest extends EngineTestBase {

  /** An OpenTelemetry SDK that keeps every ended span in memory. */
  protected record Tracing(OpenTelemetrySdk sdk, InMemorySpanExporter spans) {
    static Tracing create() {
      InMemorySpanExporter exporter = InMemorySpanExporter.create();
      var provider =
          SdkTracerProvider.builder()
              .addSpanProcessor(SimpleSpanProcessor.create(exporter))
              .build();
      return new Tracing(OpenTelemetrySdk.builder().setTracerProvider(provider).build(), exporter);
    }

    /** Waits until a span matching {@code p} has ended, and returns it. */
    SpanData await(Predicate<SpanData> p, String what) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        for (SpanData s : spans.getFinishedSpanItems()) {
          if (p.test(s)) {
            return s;
          }
        }
        Thread.onSpinWait();
      }
      throw new AssertionError("no span " + what + " in " + names());
    }

    List<SpanData> named(String name) {
      return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    }

    List<String> names() {
      return spans.getFinishedSpanItems().stream().map(SpanData::getName).toList();
    }
  }

  /** Set by activity code on the span current for it. */
  static final AttributeKey<Boolean> USER_MARK = AttributeKey.booleanKey("test.marked_by_activity");

  static Predicate<SpanData> named(String name) {
    return s -> s.getName().equals(name);
  }

  static void assertChild(SpanData parent, SpanData child) {
    assertEquals(parent.getTraceId(), child.getTraceId(), child.getName() + " in the same trace");
    assertEquals(
        parent.getSpanId(),
        child.getParentSpanId(),
        child.getName() + " is a child of " + parent.getName());
  }

  private static Baton.Builder greetings(Baton.Builder b) {
    return b.addActivity(
            "hello",
            ctx -> {
              io.opentelemetry.api.trace.Span.current().setAttribute(USER_MARK, true);
              return "Hello " + ctx.input(String.class) + "!";
            })
        .addOrchestrator("child", ctx -> ctx.callActivity("hello", "child", String.class).await())
        .addOrchestrator(
            "parent",
            ctx -> {
              String a = ctx.callActivity("hello", "Tokyo", String.class).await();
              String c = ctx.callSubOrchestrator("child", null, String.class).await();
              ctx.callEntity(EntityId.of("counter", "k"), "add", 2, Void.class).await();
              return List.of(a, c);
            });
  }

  @Test
  void startOrchestrationActivitySubOrchestrationAndEntityOperationNestInOneTrace() {
    Tracing t = Tracing.create();
    DurableClient client =
        fixture.start(b -> TestEntities.register(greetings(b.openTelemetry(t.sdk())))).client();
    String id = await(client.scheduleNewOrchestration("parent", null));
    assertEquals(RuntimeStatus.COMPLETED, complete(client, id).status());

    SpanData start = t.await(named("baton start parent"), "start");
    assertEquals(SpanKind.PRODUCER, start.getKind());
    SpanData parent = t.await(named("baton orchestration parent"), "parent orchestration");
    SpanData child = t.await(named("baton orchestration child"), "child orchestration");
    SpanData operation = t.await(named("baton entity add"), "entity operation");
    t.await(s -> t.named("baton activity hello").size() == 2, "two activities");
    assertChild(start, parent);
    assertChild(parent, child);
    assertChild(parent, operation);
    var activities = t.named("baton activity hello");
    long underParent =
        activities.stream().filter(a -> a.getParentSpanId().equals(parent.getSpanId())).count();
    long underChild =
        activities.stream().filter(a -> a.getParentSpanId().equals(child.getSpanId())).count();
    assertEquals(1, underParent, "the parent's activity");
    assertEquals(1, underChild, "the child's activity");
    activities.forEach(a -> assertEquals(start.getTraceId(), a.getTraceId()));
    activities.forEach(a -> assertEquals(true, a.getAttributes().get(USER_MARK), a.toString()));
    assertEquals(
        id, parent.getAttributes().get(AttributeKey.stringKey("baton.instance_id")), "instance id");
    assertEquals(
        "COMPLETED", parent.getAttributes().get(AttributeKey.stringKey("baton.runtime_status")));
  }

  @Test
  void failedActivitiesOperationsAndExecutionsHaveTheErrorStatus() {
    Tracing t = Tracing.create();
    DurableClient client =
        fixture
            .start(
                b ->
                    TestEntities.register(b.openTelemetry(t.sdk()))
                        .addActivity(
                            "boom",
                            ctx -> {
                              throw new IllegalStateException("boom");
                            })
                        .addOrchestrator(
                            "doomed", ctx -> ctx.callActivity("boom", null, String.class).await()))
            .client();
    String id = await(client.scheduleNewOrchestration("doomed", null));
    assertEquals(RuntimeStatus.FAILED, complete(client, id).status());
    await(client.signalEntity(EntityId.of("counter", "f"), "addThenFail", 1));
    SpanData activity = t.await(named("baton activity boom"), "activity");
    SpanData orchestration = t.await(named("baton orchestration doomed"), "orchestration");
    SpanData operation = t.await(named("baton entity addThenFail"), "operation");
    assertEquals(StatusCode.ERROR, activity.getStatus().getStatusCode());
    assertTrue(activity.getStatus().getDescription().contains("boom"), activity.toString());
    assertEquals(StatusCode.ERROR, orchestration.getStatus().getStatusCode());
    assertEquals(
        "FAILED",
        orchestration.getAttributes().get(AttributeKey.stringKey("baton.runtime_status")));
    assertEquals(StatusCode.ERROR, operation.getStatus().getStatusCode());
  }

  @Test
  void aSignalThatAnOperationSendsIsTracedUnderThatOperation() {
    Tracing t = Tracing.create();
    DurableClient client =
        fixture.start(b -> TestEntities.register(b.openTelemetry(t.sdk()))).client();
    await(
        client.signalEntity(
            EntityId.of("list", "from"), "forward", java.util.Map.of("to", "to", "value", "v")));
    SpanData forward = t.await(named("baton entity forward"), "forward");
    SpanData append = t.await(named("baton entity append"), "append");
    assertChild(forward, append);
  }

  @Test
  void theTraceCarriesOnOnAnotherEngineAfterARestart() {
    Consumer<Baton.Builder> setup =
        b ->
            b.addActivity("hello", ctx -> "Hello " + ctx.input(String.class) + "!")
                .addOrchestrator(
                    "waiter",
                    ctx -> {
                      String a = ctx.callActivity("hello", "before", String.class).await();
                      String go = ctx.waitForExternalEvent("go", String.class).await();
                      return a + ctx.callActivity("hello", go, String.class).await();
                    });
    Tracing first = Tracing.create();
    Baton one = fixture.start(b -> setup.accept(b.openTelemetry(first.sdk())));
    String id = await(one.client().scheduleNewOrchestration("waiter", null));
    first.await(named("baton activity hello"), "the first activity");
    SpanData start = first.await(named("baton start waiter"), "start");
    await(one.close());
    SpanData orchestration = first.await(named("baton orchestration waiter"), "orchestration");
    assertChild(start, orchestration);
    assertEquals(
        true,
        orchestration.getAttributes().get(AttributeKey.booleanKey("baton.open_at_engine_close")));

    Tracing second = Tracing.create();
    Baton two = fixture.start(b -> setup.accept(b.openTelemetry(second.sdk())));
    await(two.client().raiseEvent(id, "go", "after"));
    assertEquals(RuntimeStatus.COMPLETED, complete(two.client(), id).status());
    second.await(named("baton activity hello"), "the activity after the restart");
    // an activity may run again after the handover (at least once), but each run is a child of
    // the orchestration's span and the orchestration's span is not begun again
    for (SpanData s : second.spans().getFinishedSpanItems()) {
      assertEquals("baton activity hello", s.getName(), "no other span: " + second.names());
      assertChild(orchestration, s);
    }
  }

  @Test
  void aReplayWithoutCacheBeginsNoSpanTwice() {
    Tracing t = Tracing.create();
    DurableClient client =
        fixture
            .start(
                fixture.options().setCacheSize(0),
                b ->
                    b.openTelemetry(t.sdk())
                        .addActivity("inc", ctx -> ctx.input(Integer.class) + 1)
                        .addOrchestrator(
                            "chain",
                            ctx -> {
                              int n = 0;
                              for (int i = 0; i < 4; i++) {
                                n = ctx.callActivity("inc", n, Integer.class).await();
                              }
                              return n;
                            }))
            .client();
    String id = await(client.scheduleNewOrchestration("chain", null));
    assertEquals(4, complete(client, id).readOutput(Integer.class));
    SpanData orchestration = t.await(named("baton orchestration chain"), "orchestration");
    assertEquals(1, t.named("baton start chain").size(), t.names().toString());
    assertEquals(1, t.named("baton orchestration chain").size(), t.names().toString());
    var activities = t.named("baton activity inc");
    assertEquals(4, activities.size(), t.names().toString());
    activities.forEach(a -> assertChild(orchestration, a));
  }

  @Test
  void withoutOpenTelemetryHistoryCarriesNoTraceContext() {
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addActivity("one", ctx -> 1)
                        .addOrchestrator(
                            "o", ctx -> ctx.callActivity("one", null, Integer.class).await()))
            .client();
    String id = await(client.scheduleNewOrchestration("o", null));
    assertEquals(1, complete(client, id).readOutput(Integer.class));
    var history = await(fixture.hub().history().load(id)).events();
    for (HistoryEvent e : history) {
      switch (e) {
        case HistoryEvent.ExecutionStarted s -> assertNull(s.traceParent());
        case HistoryEvent.TaskScheduled s -> assertNull(s.traceParent());
        default -> {}
      }
    }
    assertTrue(history.stream().anyMatch(e -> e instanceof HistoryEvent.TaskScheduled));
  }

  @Test
  void aNullOpenTelemetryIsRefused() {
    var builder = Baton.builder(fixture.vertx()).backend(fixture.backend());
    var e = assertThrows(NullPointerException.class, () -> builder.openTelemetry(null));
    assertEquals("openTelemetry", e.getMessage());
  }
}
