package dev.baton.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The options' defaults, JSON round trip and refusals of bad values. */
class BatonOptionsTest {

  @Test
  void defaultsAreTheDocumentedConstants() {
    var o = new BatonOptions();
    assertEquals(BatonOptions.DEFAULT_CACHE_SIZE, o.getCacheSize());
    assertEquals(BatonOptions.DEFAULT_CACHE_MAX_BYTES, o.getCacheMaxBytes());
    assertEquals(BatonOptions.DEFAULT_CACHE_IDLE_TIMEOUT, o.getCacheIdleTimeout());
    assertEquals(BatonOptions.DEFAULT_MAX_USER_CODE_STEP_TIME, o.getMaxUserCodeStepTime());
    assertEquals(o.toJson(), new BatonOptions(new JsonObject()).toJson(), "empty JSON: defaults");
  }

  @Test
  void everyOptionSurvivesAJsonRoundTrip() {
    var o =
        new BatonOptions()
            .setTaskHub("roundTrip")
            .setPartitionCount(7)
            .setActivityConcurrency(9)
            .setCacheSize(123)
            .setCacheMaxBytes(45_678)
            .setCacheIdleTimeout(Duration.ofSeconds(42))
            .setMaxUserCodeStepTime(Duration.ofMillis(750))
            .setControlBatchSize(11)
            .setMaxPollInterval(Duration.ofMillis(250))
            .setVisibilityTimeout(Duration.ofSeconds(61))
            .setLeaseDuration(Duration.ofSeconds(20))
            .setLeaseRenewInterval(Duration.ofSeconds(5))
            .setMaxDequeueCount(3)
            .setOrchestrationsOnEventLoop(false)
            .setLocalActivities(false)
            .setActivityCarriers(false)
            .setMaxEntityBatchSize(17);
    JsonObject json = o.toJson();
    var back = new BatonOptions(json);
    assertEquals(json, back.toJson());
    assertEquals(45_678, back.getCacheMaxBytes());
    assertEquals(Duration.ofSeconds(42), back.getCacheIdleTimeout());
    assertEquals(Duration.ofMillis(750), back.getMaxUserCodeStepTime());
    assertEquals(42_000L, json.getLong("cacheIdleTimeoutMs"));
    assertEquals(false, back.isLocalActivities());
    assertEquals(true, new BatonOptions().isLocalActivities(), "local runs are the default");
    assertEquals(false, back.isActivityCarriers());
    assertEquals(true, new BatonOptions().isActivityCarriers(), "carriers are the default");
    assertEquals(json, new BatonOptions(o).toJson(), "the copy constructor too");
  }

  @Test
  void badCacheAndStepValuesAreRefusedWithTheirName() {
    refused("cacheSize", () -> new BatonOptions().setCacheSize(-1));
    refused("cacheMaxBytes", () -> new BatonOptions().setCacheMaxBytes(-5));
    refused("cacheIdleTimeout", () -> new BatonOptions().setCacheIdleTimeout(Duration.ZERO));
    refused("cacheIdleTimeout", () -> new BatonOptions().setCacheIdleTimeout(null));
    refused(
        "maxUserCodeStepTime",
        () -> new BatonOptions().setMaxUserCodeStepTime(Duration.ofMillis(-1)));
    refused("cacheMaxBytes", () -> new BatonOptions(new JsonObject().put("cacheMaxBytes", -1)));
    refused(
        "cacheIdleTimeout", () -> new BatonOptions(new JsonObject().put("cacheIdleTimeoutMs", 0)));
  }

  @Test
  void jsonOfTheWrongTypeIsRefusedWithTheKeyNotAClassCastException() {
    refused(
        "'cacheMaxBytes' must be a whole number, got 'lots'",
        () -> new BatonOptions(new JsonObject().put("cacheMaxBytes", "lots")));
    refused(
        "'cacheSize' must be a whole number, got 1.5",
        () -> new BatonOptions(new JsonObject().put("cacheSize", 1.5)));
    refused(
        "'cacheSize' must be an integer",
        () -> new BatonOptions(new JsonObject().put("cacheSize", 1L << 40)));
    refused(
        "'maxUserCodeStepTimeMs' must be a whole number",
        () -> new BatonOptions(new JsonObject().put("maxUserCodeStepTimeMs", true)));
    refused(
        "'orchestrationsOnEventLoop' must be true or false",
        () -> new BatonOptions(new JsonObject().put("orchestrationsOnEventLoop", "yes")));
    refused(
        "'localActivities' must be true or false, got 'no'",
        () -> new BatonOptions(new JsonObject().put("localActivities", "no")));
    refused(
        "'activityCarriers' must be true or false, got 1",
        () -> new BatonOptions(new JsonObject().put("activityCarriers", 1)));
    refused(
        "'taskHub' must be a string", () -> new BatonOptions(new JsonObject().put("taskHub", 12)));
  }

  private static void refused(String expected, Executable bad) {
    BatonException e = assertThrows(BatonException.class, bad);
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
