package dev.baton.web;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves a Prometheus registry's meters (the engine's {@code baton_*} ones, and Vert.x's when they
 * share it) in Prometheus' text format. Mount it where you like, behind the protection you choose;
 * the scrape runs on a worker thread, not the event loop.
 *
 * <pre>{@code
 * PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * Baton baton = Baton.builder(vertx).backend(backend).meterRegistry(prometheus).build();
 * router.get("/metrics").handler(MetricsHandler.create(prometheus));
 * }</pre>
 */
public final class MetricsHandler implements Handler<RoutingContext> {

  /** The content type of Prometheus' text exposition format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  private MetricsHandler(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * A handler that scrapes {@code registry}: a {@code PrometheusMeterRegistry}, or a composite that
   * holds one (as Vert.x's registry does when created with Prometheus options).
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when {@code registry} is null or holds no
   *     Prometheus registry
   */
  public static MetricsHandler create(MeterRegistry registry) {
    if (registry == null) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT,
          "the meter registry is null: pass the PrometheusMeterRegistry given to the engine");
    }
    PrometheusMeterRegistry prometheus = find(registry);
    if (prometheus == null) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT,
          "a "
              + registry.getClass().getSimpleName()
              + " cannot be scraped: pass a PrometheusMeterRegistry (or a composite holding one)");
    }
    return new MetricsHandler(prometheus);
  }

  private static PrometheusMeterRegistry find(MeterRegistry registry) {
    if (registry instanceof PrometheusMeterRegistry p) {
      return p;
    }
    if (registry instanceof CompositeMeterRegistry c) {
      for (MeterRegistry child : c.getRegistries()) {
        PrometheusMeterRegistry p = find(child);
        if (p != null) {
          return p;
        }
      }
    }
    return null;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.vertx()
        .executeBlocking(registry::scrape, false)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
              }
              ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(ar.result());
            });
  }
}
