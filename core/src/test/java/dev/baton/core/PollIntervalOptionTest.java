package dev.baton.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.spi.Backend;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code maxPollInterval}: left unset, the backend chooses it (a store billed per request polls
 * seldom); set, it wins; bad values, from the setter, from JSON or from a backend, are refused with
 * a message that names the option.
 */
class PollIntervalOptionTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void unsetByDefaultAndAbsentFromJsonStaysUnset() {
    assertNull(new BatonOptions().getMaxPollInterval());
    assertNull(new BatonOptions(new JsonObject()).getMaxPollInterval());
    assertNull(new BatonOptions(new BatonOptions().toJson()).getMaxPollInterval());
    assertEquals(
        Duration.ofSeconds(3),
        new BatonOptions(new JsonObject().put("maxPollIntervalMs", 3000)).getMaxPollInterval());
  }

  @Test
  void theEngineTakesTheBackendsChoiceWhenTheOptionIsUnset() {
    Baton chosen = Baton.builder(vertx).backend(backendChoosing(Duration.ofSeconds(7))).build();
    assertEquals(Duration.ofSeconds(7), chosen.effectiveOptions().getMaxPollInterval());

    Baton plain = Baton.builder(vertx).backend((v, hub, p) -> unavailable()).build();
    assertEquals(
        BatonOptions.DEFAULT_MAX_POLL_INTERVAL,
        plain.effectiveOptions().getMaxPollInterval(),
        "a backend that does not choose gets the memory backend's 500 ms");
  }

  @Test
  void aSetIntervalWinsOverTheBackendsChoice() {
    Baton set =
        Baton.builder(vertx)
            .backend(backendChoosing(Duration.ofSeconds(7)))
            .options(new BatonOptions().setMaxPollInterval(Duration.ofMillis(250)))
            .build();
    assertEquals(Duration.ofMillis(250), set.effectiveOptions().getMaxPollInterval());
  }

  @Test
  void badIntervalsAreRefusedNamingTheOption() {
    refused("maxPollInterval must be positive", () -> new BatonOptions().setMaxPollInterval(null));
    refused(
        "maxPollInterval must be positive",
        () -> new BatonOptions().setMaxPollInterval(Duration.ZERO));
    refused(
        "maxPollInterval must be positive",
        () -> new BatonOptions().setMaxPollInterval(Duration.ofMillis(-5)));
    refused(
        "'maxPollIntervalMs' must be a whole number, got 'soon'",
        () -> new BatonOptions(new JsonObject().put("maxPollIntervalMs", "soon")));
    refused(
        "maxPollInterval must be positive",
        () -> new BatonOptions(new JsonObject().put("maxPollIntervalMs", 0)));
    refused(
        "defaultMaxPollInterval() must be positive, got PT0S",
        () -> Baton.builder(vertx).backend(backendChoosing(Duration.ZERO)).build());
    refused(
        "defaultMaxPollInterval() must be positive, got null",
        () -> Baton.builder(vertx).backend(backendChoosing(null)).build());
  }

  private static Backend backendChoosing(Duration interval) {
    return new Backend() {
      @Override
      public Future<TaskHubStore> open(Vertx vertx, String hubName, int partitionCount) {
        return unavailable();
      }

      @Override
      public Duration defaultMaxPollInterval() {
        return interval;
      }
    };
  }

  private static Future<TaskHubStore> unavailable() {
    return Future.failedFuture(
        new StoreException(StoreException.Reason.UNAVAILABLE, "this test opens no hub"));
  }

  private static void refused(String expected, Executable bad) {
    BatonException e = assertThrows(BatonException.class, bad);
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
