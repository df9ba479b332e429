package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.entity.EntityId;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * User code that runs long without awaiting is reported with its instance id and its stack, as
 * Vert.x reports a blocked event loop; code that awaits is not.
 */
public abstract class UserCodeEngineTest extends EngineTestBase {

  private static final String CHECKER = "dev.baton.core.impl.LongStepChecker";

  /** Set once the test has seen the report: the spinning code may stop. */
  private final AtomicBoolean reported = new AtomicBoolean();

  /**
   * Computes without awaiting, holding its thread (and loop), until the test has seen the report
   * (or 3 s at most: never long enough for the suite's blocked-loop limit), and at least 300 ms.
   */
  long spin() {
    long start = System.nanoTime();
    long n = 0;
    while (true) {
      long ran = System.nanoTime() - start;
      if (ran > 3_000_000_000L || (ran > 300_000_000L && reported.get())) {
        return n;
      }
      n++;
    }
  }

  private LogRecord awaitReport(CapturedLog log, String instanceId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (LogRecord r : log.records()) {
        if (r.getMessage().contains("'" + instanceId + "'")) {
          reported.set(true);
          return r;
        }
      }
      await(fixture.vertx().timer(10));
    }
    throw new AssertionError("no report for '" + instanceId + "': " + log.messages());
  }

  private static boolean stackHasFrameOf(LogRecord r, String method) {
    assertNotNull(r.getThrown(), "the report carries the code's stack");
    return Arrays.stream(r.getThrown().getStackTrace())
        .anyMatch(
            f ->
                f.getClassName().equals(UserCodeEngineTest.class.getName())
                    && f.getMethodName().equals(method));
  }

  @Test
  void anOrchestratorComputingPastTheLimitIsReportedWithItsInstanceIdAndStack() {
    try (var log = CapturedLog.of(CHECKER)) {
      Baton baton =
          fixture.start(
              fixture.options().setMaxUserCodeStepTime(Duration.ofMillis(100)),
              b -> b.addOrchestrator("busy", ctx -> spin() > 0));
      String id = await(baton.client().scheduleNewOrchestration("busy", null));
      LogRecord report = awaitReport(log, id);
      assertEquals(Level.WARNING, report.getLevel());
      assertTrue(
          report.getMessage().contains("without awaiting (limit 100 ms)"), report.getMessage());
      assertTrue(stackHasFrameOf(report, "spin"), "the stack shows where the code is");
      assertEquals(RuntimeStatus.COMPLETED, complete(baton.client(), id).status());
    }
  }

  @Test
  void anEntityOperationComputingPastTheLimitIsReportedWithItsInstanceId() {
    try (var log = CapturedLog.of(CHECKER)) {
      Baton baton =
          fixture.start(
              fixture.options().setMaxUserCodeStepTime(Duration.ofMillis(100)),
              b ->
                  b.addEntity(
                      "slow",
                      ctx -> {
                        spin();
                        ctx.setState(1);
                        return null;
                      }));
      EntityId entity = new EntityId("slow", "k");
      await(baton.client().signalEntity(entity, "go", null));
      LogRecord report = awaitReport(log, entity.instanceId());
      assertEquals(Level.WARNING, report.getLevel());
      assertTrue(stackHasFrameOf(report, "spin"), "the stack shows where the code is");
    }
  }

  @Test
  void codeThatAwaitsIsNotReportedHoweverLongItsActivitiesTake() {
    try (var log = CapturedLog.of(CHECKER)) {
      Baton baton =
          fixture.start(
              fixture.options().setMaxUserCodeStepTime(Duration.ofMillis(250)),
              b ->
                  b.addOrchestrator(
                          "patient",
                          ctx ->
                              List.of(
                                  ctx.callActivity("slow", 600, Integer.class).await(),
                                  ctx.createTimer(Duration.ofMillis(600)).await() == null))
                      .addActivity(
                          "slow",
                          ctx -> {
                            Thread.sleep(ctx.input(Integer.class)); // activities may block
                            return 1;
                          }));
      String id = await(baton.client().scheduleNewOrchestration("patient", null));
      assertEquals(RuntimeStatus.COMPLETED, complete(baton.client(), id).status());
      assertEquals(List.of(), log.messages(), "awaiting is not running");
    }
  }
}
