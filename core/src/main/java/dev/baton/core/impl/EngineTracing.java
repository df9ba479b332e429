package dev.baton.core.impl;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.ExecutionStarted;
import dev.baton.core.impl.entity.OperationSpans;
import dev.baton.core.spi.ActivityWorkItem;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's OpenTelemetry spans: a client's start, an orchestration's execution, each activity
 * run and each entity operation. The trace context travels as a W3C {@code traceparent} string in
 * the start message and in the history ({@link ExecutionStarted#traceParent()}, {@link
 * HistoryEvent.TaskScheduled#traceParent()}, the work item), so a span's parent survives a restart
 * and a move to another engine. Spans are begun only for new events (a new execution, a work item,
 * an operation being run), never while history is replayed. {@link #OFF} does nothing and costs a
 * null check.
 */
final class EngineTracing {

  /** Tracing switched off. */
  static final EngineTracing OFF = new EngineTracing(null);

  static final AttributeKey<String> INSTANCE_ID = AttributeKey.stringKey("baton.instance_id");
  static final AttributeKey<String> EXECUTION_ID = AttributeKey.stringKey("baton.execution_id");
  static final AttributeKey<String> STATUS = AttributeKey.stringKey("baton.runtime_status");
  static final AttributeKey<Long> TASK_ID = AttributeKey.longKey("baton.task_id");
  static final AttributeKey<Boolean> OPEN_AT_CLOSE =
      AttributeKey.booleanKey("baton.open_at_engine_close");

  private static final String VERTX_OTEL_TRACER =
      "io.vertx.tracing.opentelemetry.OpenTelemetryTracer";
  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final Tracer tracer;
  private final Map<String, OpenExecution> open = new ConcurrentHashMap<>();

  private record OpenExecution(String executionId, Span span) {}

  private EngineTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /**
   * Tracing with {@code given}, or with the global OpenTelemetry when {@code vertx} traces through
   * {@code vertx-opentelemetry} (whose default factory uses the global instance), or {@link #OFF}.
   */
  static EngineTracing create(Vertx vertx, OpenTelemetry given) {
    OpenTelemetry otel = given;
    if (otel == null
        && vertx instanceof VertxInternal internal
        && internal.tracer() != null
        && internal.tracer().getClass().getName().equals(VERTX_OTEL_TRACER)) {
      otel = GlobalOpenTelemetry.get();
    }
    return otel == null ? OFF : new EngineTracing(otel.getTracer("dev.baton"));
  }

  boolean isOn() {
    return tracer != null;
  }

  /**
   * A client's start of orchestration {@code name}: a short span under the caller's current span
   * (e.g. an HTTP route's), whose {@code traceparent} goes into the start message; null when off.
   */
  String clientStart(String name, String instanceId) {
    if (tracer == null) {
      return null;
    }
    Span span =
        tracer
            .spanBuilder("baton start " + name)
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute(INSTANCE_ID, instanceId)
            .startSpan();
    span.end();
    return traceParent(span);
  }

  /**
   * A new execution that the engine is about to run: begins its span under the start's {@code
   * traceparent} and returns the event carrying the new span's, as history keeps it. Called once
   * per new execution, never for a replay; {@code s} itself when off or null.
   */
  ExecutionStarted beginOrchestration(String instanceId, ExecutionStarted s) {
    if (tracer == null || s == null) {
      return s;
    }
    Span span =
        consumer("baton orchestration " + s.name(), s.traceParent(), instanceId)
            .setAttribute(EXECUTION_ID, s.executionId())
            .startSpan();
    OpenExecution before = open.put(instanceId, new OpenExecution(s.executionId(), span));
    if (before != null) {
      before.span().end(); // its start was not committed, or a new execution replaced it
    }
    return s.withTraceParent(traceParent(span));
  }

  /** After a commit: ends the span of an execution whose new events finish it. */
  void committed(String instanceId, List<HistoryEvent> events) {
    if (tracer == null) {
      return;
    }
    for (HistoryEvent e : events) {
      switch (e) {
        case HistoryEvent.ExecutionCompleted c -> end(instanceId, c.status(), c.failure());
        case HistoryEvent.ExecutionTerminated t -> end(instanceId, RuntimeStatus.TERMINATED, null);
        default -> {}
      }
    }
  }

  private void end(String instanceId, RuntimeStatus status, Object failure) {
    OpenExecution o = open.remove(instanceId);
    if (o == null) {
      return; // begun on another engine, or before a restart: that engine ended it
    }
    o.span().setAttribute(STATUS, status.name());
    if (status == RuntimeStatus.FAILED) {
      o.span().setStatus(StatusCode.ERROR, String.valueOf(failure));
    }
    o.span().end();
  }

  /** The work item with the {@code traceparent} of the call that scheduled it. */
  static ActivityWorkItem workItem(
      String instanceId, String executionId, HistoryEvent.TaskScheduled s) {
    return new ActivityWorkItem(
        instanceId, executionId, s.taskId(), s.name(), s.input(), s.traceParent());
  }

  /**
   * Begins an activity run's span under its orchestration's and makes it current on this thread (so
   * the activity's own spans nest under it); null when off.
   */
  Running startActivity(ActivityWorkItem item) {
    if (tracer == null) {
      return null;
    }
    Span span =
        consumer("baton activity " + item.name(), item.traceParent(), item.instanceId())
            .setAttribute(TASK_ID, (long) item.taskId())
            .startSpan();
    return new Running(span, span.makeCurrent());
  }

  /**
   * Begins an entity operation's span under {@code traceParent} (the caller's), current on this
   * thread; null when off.
   */
  Running startEntityOperation(String entityId, String operation, String traceParent) {
    if (tracer == null) {
      return null;
    }
    Span span = consumer("baton entity " + operation, traceParent, entityId).startSpan();
    return new Running(span, span.makeCurrent());
  }

  /** A span of work for {@code instanceId}, named {@code name}, under {@code traceParent}. */
  private SpanBuilder consumer(String name, String traceParent, String instanceId) {
    return tracer
        .spanBuilder(name)
        .setParent(parentOf(traceParent))
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute(INSTANCE_ID, instanceId);
  }

  /** A span current on one thread while user code runs. */
  record Running(Span span, Scope scope) implements OperationSpans.Running {
    /** Ends the span; {@code failure} marks it failed. */
    @Override
    public void end(Throwable failure) {
      scope.close();
      if (failure != null) {
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
      }
      span.end();
    }

    @Override
    public String traceParent() {
      return EngineTracing.traceParent(span);
    }

    /** Ends the span of an activity by its result event. */
    void end(HistoryEvent result) {
      scope.close();
      if (result instanceof HistoryEvent.TaskFailed f) {
        span.setStatus(StatusCode.ERROR, f.failure().message());
      }
      span.end();
    }
  }

  /** Ends the spans of the executions still running here: another engine carries them on. */
  void close() {
    for (var it = open.values().iterator(); it.hasNext(); ) {
      Span span = it.next().span();
      it.remove();
      span.setAttribute(OPEN_AT_CLOSE, true);
      span.end();
    }
  }

  /** The W3C {@code traceparent} of the span current for the caller, or null. */
  static String currentTraceParent() {
    Span span = Span.current();
    return span.getSpanContext().isValid() ? traceParent(span) : null;
  }

  private static String traceParent(Span span) {
    Map<String, String> carrier = new HashMap<>(2);
    W3CTraceContextPropagator.getInstance()
        .inject(Context.root().with(span), carrier, (c, k, v) -> c.put(k, v));
    return carrier.get("traceparent");
  }

  private static Context parentOf(String traceParent) {
    if (traceParent == null) {
      return Context.root();
    }
    return W3CTraceContextPropagator.getInstance()
        .extract(Context.root(), Map.of("traceparent", traceParent), GETTER);
  }
}
