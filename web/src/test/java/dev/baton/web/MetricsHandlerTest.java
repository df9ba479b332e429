package dev.baton.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Prometheus handler: mounted on a router it serves the registry; bad registries refused. */
class MetricsHandlerTest {

  @Test
  void aCompositeHoldingAPrometheusRegistryIsServedOverHttp() throws Exception {
    var prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var composite = new CompositeMeterRegistry();
    composite.add(new SimpleMeterRegistry());
    composite.add(prometheus);
    composite.counter("baton.test.hits", "hub", "h").increment(3);
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      router.get("/custom/metrics").handler(MetricsHandler.create(composite));
      HttpServer server =
          vertx
              .createHttpServer()
              .requestHandler(router)
              .listen(0, "127.0.0.1")
              .await(30, TimeUnit.SECONDS);
      HttpResponse<Buffer> r =
          WebClient.create(vertx)
              .get(server.actualPort(), "127.0.0.1", "/custom/metrics")
              .send()
              .await(30, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode());
      assertEquals(MetricsHandler.CONTENT_TYPE, r.getHeader("Content-Type"));
      assertEquals(
          3, new PrometheusText(r.bodyAsString()).sum("baton_test_hits_total", "hub=\"h\""));
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNullRegistryIsRefused() {
    BatonException e = assertThrows(BatonException.class, () -> MetricsHandler.create(null));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("null"), e.getMessage());
  }

  @Test
  void aRegistryThatCannotBeScrapedIsRefused() {
    BatonException e =
        assertThrows(BatonException.class, () -> MetricsHandler.create(new SimpleMeterRegistry()));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("SimpleMeterRegistry cannot be scraped"), e.getMessage());
  }
}
