package dev.baton.storage.memory.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.orchestration.RetryHandler;
import dev.baton.core.orchestration.RetryPolicy;
import dev.baton.core.orchestration.TaskOptions;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Durable timers of any length, tested in milliseconds: the environment's clock skips to the next
 * timer while every instance waits on one, and instances survive an engine restart mid-timer.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class TestEnvironmentTest {

  private TestEnvironment env;

  @AfterEach
  void close() {
    if (env != null) {
      env.close().await();
    }
  }

  private TestEnvironment start(Vertx vertx, AtomicInteger flaky) {
    env =
        TestEnvironment.start(
                vertx,
                b ->
                    b.addOrchestrator(
                            "reminder",
                            ctx -> {
                              Instant before = ctx.currentTime();
                              ctx.createTimer(Duration.ofDays(30)).await();
                              Duration waited = Duration.between(before, ctx.currentTime());
                              return ctx.callActivity("remind", waited.toDays(), String.class)
                                  .await();
                            })
                        .addActivity("remind", ctx -> "after " + ctx.input(Long.class) + " days")
                        .addOrchestrator(
                            "approval",
                            ctx ->
                                ctx.waitForExternalEvent(
                                        "approve", Duration.ofDays(3), String.class, "expired")
                                    .await())
                        .addOrchestrator(
                            "patient",
                            ctx -> {
                              var policy =
                                  new RetryPolicy()
                                      .setMaxAttempts(4)
                                      .setFirstRetryInterval(Duration.ofHours(1))
                                      .setBackoffCoefficient(3);
                              Instant start = ctx.currentTime();
                              String r =
                                  ctx.callActivity(
                                          "flaky",
                                          null,
                                          String.class,
                                          new TaskOptions().setRetryPolicy(policy))
                                      .await();
                              return r
                                  + " after "
                                  + Duration.between(start, ctx.currentTime()).toHours()
                                  + "h";
                            })
                        .addActivity(
                            "flaky",
                            ctx -> {
                              if (flaky.incrementAndGet() < 4) {
                                throw new IllegalStateException("not yet");
                              }
                              return "worked";
                            }))
            .await();
    return env;
  }

  @Test
  void aThirtyDayTimerFiresOnceAndTheCodeSeesThirtyDaysPass(Vertx vertx) {
    start(vertx, new AtomicInteger());
    Instant began = env.now();
    String id = env.client().scheduleNewOrchestration("reminder", null).await();
    InstanceMetadata done = env.waitForCompletion(id).await();
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals("after 30 days", done.readOutput(String.class));
    assertTrue(Duration.between(began, env.now()).toDays() >= 30, "the clock moved ahead");
    List<HistoryEvent> history = env.client().getInstanceHistory(id).await();
    assertEquals(
        1,
        history.stream().filter(HistoryEvent.TimerFired.class::isInstance).count(),
        "a timer longer than one message's delay is chained, and fires once");
  }

  @Test
  void retriesWithHourLongWaitsFinishAtOnce(Vertx vertx) {
    var flaky = new AtomicInteger();
    start(vertx, flaky);
    String id = env.client().scheduleNewOrchestration("patient", null).await();
    InstanceMetadata done = env.waitForCompletion(id).await();
    assertEquals("worked after 13h", done.readOutput(String.class), "1h + 3h + 9h of backoff");
    assertEquals(4, flaky.get());
  }

  @Test
  void timeRunsNormallyUntilTheTestWaitsSoAnEventBeatsItsTimeout(Vertx vertx) {
    start(vertx, new AtomicInteger());
    String early = env.client().scheduleNewOrchestration("approval", null).await();
    env.client().waitForInstanceStart(early, Duration.ofSeconds(10)).await();
    env.client().raiseEvent(early, "approve", "yes").await();
    assertEquals("yes", env.waitForCompletion(early).await().readOutput(String.class));

    String late = env.client().scheduleNewOrchestration("approval", null).await();
    assertEquals("expired", env.waitForCompletion(late).await().readOutput(String.class));
  }

  @Test
  void aTimerSurvivesAnEngineRestartInTheMiddle(Vertx vertx) {
    start(vertx, new AtomicInteger());
    String id =
        env.client()
            .scheduleNewOrchestration(
                "reminder", null, new StartOptions().setInstanceId("restart-mid-timer"))
            .await();
    env.client().waitForInstanceStart(id, Duration.ofSeconds(10)).await();
    env.advance(Duration.ofDays(10));
    env.restartEngine().await();
    InstanceMetadata done = env.waitForCompletion(id).await();
    assertEquals("after 30 days", done.readOutput(String.class));
  }

  @Test
  void aScheduledStartWaitsForItsTimeAndAdvanceMovesTheClock(Vertx vertx) {
    start(vertx, new AtomicInteger());
    Instant at = env.now().plus(Duration.ofDays(2));
    String id =
        env.client()
            .scheduleNewOrchestration(
                "approval", null, new StartOptions().setScheduledStartTime(at))
            .await();
    env.advance(Duration.ofDays(1));
    assertEquals(RuntimeStatus.PENDING, env.client().getInstance(id).await().status());
    InstanceMetadata done = env.waitForCompletion(id).await();
    assertEquals("expired", done.readOutput(String.class));
    assertTrue(!done.lastUpdatedAt().isBefore(at.plus(Duration.ofDays(3))));
  }

  @Test
  void aRetryHandlerAndARetryTimeoutStopRetriesEarly(Vertx vertx) {
    var attempts = new AtomicInteger();
    env =
        TestEnvironment.start(
                vertx,
                b ->
                    b.addOrchestrator(
                            "picky",
                            ctx -> {
                              var policy =
                                  new TaskOptions()
                                      .setRetryPolicy(
                                          new RetryPolicy()
                                              .setMaxAttempts(10)
                                              .setFirstRetryInterval(Duration.ofHours(1)))
                                      .setRetryHandler(
                                          RetryHandler.retryIf(
                                              r ->
                                                  !r.failure()
                                                      .isCausedBy(IllegalArgumentException.class)));
                              var timed =
                                  new RetryPolicy()
                                      .setMaxAttempts(10)
                                      .setFirstRetryInterval(Duration.ofHours(1))
                                      .setRetryTimeout(Duration.ofMinutes(150));
                              String input = ctx.input(String.class);
                              return ctx.callActivity(
                                      "fail",
                                      input,
                                      String.class,
                                      input.equals("bad")
                                          ? policy
                                          : new TaskOptions().setRetryPolicy(timed))
                                  .await();
                            })
                        .addActivity(
                            "fail",
                            ctx -> {
                              attempts.incrementAndGet();
                              if (ctx.input(String.class).equals("bad")) {
                                throw new IllegalArgumentException("never valid");
                              }
                              throw new IllegalStateException("still down");
                            }))
            .await();
    String bad = env.client().scheduleNewOrchestration("picky", "bad").await();
    assertEquals(RuntimeStatus.FAILED, env.waitForCompletion(bad).await().status());
    assertEquals(1, attempts.getAndSet(0), "the handler refused to retry");
    String down = env.client().scheduleNewOrchestration("picky", "down").await();
    assertEquals(RuntimeStatus.FAILED, env.waitForCompletion(down).await().status());
    assertEquals(3, attempts.get(), "attempts at 0h, 1h and 2h; none after 150 minutes");
  }
}
