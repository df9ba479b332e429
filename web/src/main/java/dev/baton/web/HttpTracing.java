package dev.baton.web;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * A handler that makes each HTTP request a server span, for applications that give Baton an
 * OpenTelemetry instance ({@code Baton.builder(vertx).openTelemetry(otel)}) without turning on
 * Vert.x's own tracing (which makes these spans itself: use one or the other). The span continues
 * the caller's W3C trace context and is current while the request is handled, so an orchestration
 * started by the request is traced under it.
 *
 * <pre>{@code
 * router.route().handler(HttpTracing.create(openTelemetry));
 * api.mount(router);
 * }</pre>
 */
public final class HttpTracing implements Handler<RoutingContext> {

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final TextMapGetter<MultiMap> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(MultiMap carrier) {
          return carrier.names();
        }

        @Override
        public String get(MultiMap carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;

  private HttpTracing(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
    this.tracer = openTelemetry.getTracer("dev.baton.web");
  }

  /**
   * A handler tracing with {@code openTelemetry}.
   *
   * @throws NullPointerException when {@code openTelemetry} is null
   */
  public static HttpTracing create(OpenTelemetry openTelemetry) {
    return new HttpTracing(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  @Override
  public void handle(RoutingContext ctx) {
    var request = ctx.request();
    Context parent =
        openTelemetry
            .getPropagators()
            .getTextMapPropagator()
            .extract(Context.root(), request.headers(), HEADERS);
    Span span =
        tracer
            .spanBuilder(request.method().name())
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(METHOD, request.method().name())
            .setAttribute(PATH, request.path())
            .startSpan();
    Scope scope = span.makeCurrent();
    ctx.addEndHandler(
        ar -> {
          int status = ctx.response().getStatusCode();
          span.setAttribute(STATUS, (long) status);
          if (status >= 500 || ar.failed()) {
            span.setStatus(StatusCode.ERROR);
          }
          span.end();
          scope.close();
        });
    ctx.next();
  }
}
