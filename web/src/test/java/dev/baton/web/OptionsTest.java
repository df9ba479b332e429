package dev.baton.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.web.stream.StreamTrigger;
import dev.baton.web.stream.StreamTriggerOptions;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The options and entry points added for safety and delivery, tried with bad input. */
class OptionsTest {

  @Test
  void badOptionsAreRefusedWhenSet() {
    var o = new DurableHttpApiOptions();
    for (String bad : List.of("df.example.com", "ftp://x", "https://x/path", "https://x?q=1")) {
      var e = assertThrows(IllegalArgumentException.class, () -> o.setBaseUrl(bad));
      assertTrue(e.getMessage().contains("baseUrl"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> o.addAllowedHost("evil.example/path"));
    assertThrows(IllegalArgumentException.class, () -> o.addAllowedOrigin("evil.example"));
    var json =
        new DurableHttpApiOptions()
            .addAllowedHost("a.example")
            .addAllowedOrigin("https://b.example")
            .setAllowUnprotected(true)
            .toJson();
    var back = new DurableHttpApiOptions(json);
    assertEquals(List.of("a.example"), back.getAllowedHosts());
    assertEquals(List.of("https://b.example"), back.getAllowedOrigins());
    assertTrue(back.isAllowUnprotected());
  }

  @Test
  void listenRefusesBadArguments() {
    try (var f = new ApiFixture()) {
      assertThrows(NullPointerException.class, () -> f.api.listen(f.router, 0, null));
      assertThrows(NullPointerException.class, () -> f.api.listen(null, 0, "127.0.0.1"));
      Future<HttpServer> badPort = f.api.listen(f.router, 70000, "127.0.0.1");
      try {
        badPort.await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // inspected below
      }
      assertTrue(badPort.failed(), "port 70000 cannot be bound");
    }
  }

  @Test
  void streamTriggerOptionsRefuseBadValuesAndRoundTrip() {
    var o = new StreamTriggerOptions();
    assertThrows(IllegalArgumentException.class, () -> o.setMaxAttempts(-1));
    assertThrows(IllegalArgumentException.class, () -> o.setStopTimeout(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> o.setStopTimeout(null));
    var back =
        new StreamTriggerOptions(
            new StreamTriggerOptions()
                .setMaxAttempts(4)
                .setStopTimeout(Duration.ofMillis(1500))
                .toJson());
    assertEquals(4, back.getMaxAttempts());
    assertEquals(Duration.ofMillis(1500), back.getStopTimeout());
    assertEquals(0, new StreamTriggerOptions().getMaxAttempts(), "no limit by default");
  }

  @Test
  void theAckHandlerMayNotBeNull() {
    try (var f = new ApiFixture()) {
      StreamTrigger<Integer> trigger =
          StreamTrigger.create(
              f.vertx,
              new ItemSource(f.vertx, 1),
              f::client,
              i -> null,
              new StreamTriggerOptions());
      assertThrows(NullPointerException.class, () -> trigger.ackHandler(null));
    }
  }
}
