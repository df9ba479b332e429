package dev.baton.web.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard's timeline, from histories alone. */
class TimelineTest {

  private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

  private static Instant ms(double ms) {
    return T.plusNanos(Math.round(ms * 1_000_000));
  }

  private static final FailureDetails BOOM =
      new FailureDetails(
          "java.lang.IllegalStateException",
          "boom",
          "java.lang.IllegalStateException\n\tat x",
          null);

  private static List<JsonObject> spans(JsonObject timeline) {
    List<JsonObject> out = new ArrayList<>();
    timeline.getJsonArray("spans").forEach(o -> out.add((JsonObject) o));
    return out;
  }

  private static JsonObject only(JsonObject timeline, String kind, String name) {
    var found =
        spans(timeline).stream()
            .filter(s -> s.getString("kind").equals(kind) && s.getString("name").equals(name))
            .toList();
    assertEquals(1, found.size(), kind + " " + name + " in " + timeline.encodePrettily());
    return found.get(0);
  }

  @Test
  void pairsEachCallWithItsEndByTaskIdInMillisecondsAfterTheStart() {
    var history =
        List.<HistoryEvent>of(
            new HistoryEvent.OrchestratorStarted(ms(0)),
            new HistoryEvent.ExecutionStarted(ms(0), "order", null, "1", "e1", "parent-7", 3, null),
            new HistoryEvent.TaskScheduled(ms(1), 0, "charge", "10"),
            new HistoryEvent.SubOrchestrationScheduled(ms(1), 1, "ship", "sub-1", null, "\"box\""),
            new HistoryEvent.TimerCreated(ms(1), 2, ms(40)),
            new HistoryEvent.TaskScheduled(ms(1.5), 3, "notify", null),
            new HistoryEvent.TaskCompleted(ms(2.25), 0, "\"paid\""),
            new HistoryEvent.TaskFailed(ms(3), 3, BOOM),
            new HistoryEvent.EventRaised(ms(5), "approval", "true", "m1"),
            new HistoryEvent.ExecutionSuspended(ms(6), "pause"),
            new HistoryEvent.ExecutionResumed(ms(9), "go"),
            new HistoryEvent.SubOrchestrationFailed(ms(20), 1, BOOM),
            new HistoryEvent.TimerFired(ms(41), 2, ms(40)),
            new HistoryEvent.EventSent(ms(42), 4, "other", "ping", null),
            new HistoryEvent.ExecutionCompleted(ms(50), RuntimeStatus.COMPLETED, "\"ok\"", null));
    JsonObject tl = Timeline.of(history, ms(100));

    assertEquals(T.toString(), tl.getString("start"));
    assertEquals("parent-7", tl.getString("parentInstanceId"));
    assertEquals(50.0, tl.getDouble("end"), 1e-9);
    JsonObject charge = only(tl, "activity", "charge");
    assertEquals(1.0, charge.getDouble("start"), 1e-9);
    assertEquals(2.25, charge.getDouble("end"), 1e-9);
    assertEquals("completed", charge.getString("state"));
    assertEquals("\"paid\"", charge.getString("result"));
    JsonObject notify = only(tl, "activity", "notify");
    assertEquals("failed", notify.getString("state"));
    assertEquals("boom", notify.getJsonObject("failure").getString("message"));
    assertFalse(notify.encode().contains("\\tat x"), "no stack trace");
    JsonObject ship = only(tl, "suborchestration", "ship");
    assertEquals("sub-1", ship.getString("instanceId"));
    assertEquals("failed", ship.getString("state"));
    assertEquals(20.0, ship.getDouble("end"), 1e-9);
    JsonObject timer = only(tl, "timer", "timer");
    assertEquals(41.0, timer.getDouble("end"), 1e-9);
    assertEquals(40.0, timer.getDouble("fireAt"), 1e-9);
    assertEquals("fired", timer.getString("state"));
    JsonObject suspended = only(tl, "suspended", "suspended");
    assertEquals(6.0, suspended.getDouble("start"), 1e-9);
    assertEquals(9.0, suspended.getDouble("end"), 1e-9);
    JsonObject approval = only(tl, "event", "approval");
    assertTrue(approval.getBoolean("point"));
    assertEquals(5.0, approval.getDouble("end"), 1e-9);
    assertEquals("sent", only(tl, "event", "ping to other").getString("state"));
    assertEquals("completed", only(tl, "execution", "completed").getString("state"));
  }

  @Test
  void whatStillRunsIsOpenAndTheExecutionHasNoEnd() {
    var history =
        List.<HistoryEvent>of(
            new HistoryEvent.ExecutionStarted(ms(0), "wait", null, null, "e1", null, -1, null),
            new HistoryEvent.TaskScheduled(ms(1), 0, "slow", null),
            new HistoryEvent.ExecutionSuspended(ms(2), null));
    JsonObject tl = Timeline.of(history, ms(30));
    assertNull(tl.getValue("end"));
    assertEquals(30.0, tl.getDouble("nowMs"), 1e-9);
    JsonObject slow = only(tl, "activity", "slow");
    assertNull(slow.getValue("end"));
    assertEquals("running", slow.getString("state"));
    assertNull(only(tl, "suspended", "suspended").getValue("end"));
    assertNull(tl.getString("parentInstanceId"));
  }

  @Test
  void entityCallsSignalsAndCriticalSectionsAreShown() {
    var history =
        List.<HistoryEvent>of(
            new HistoryEvent.ExecutionStarted(ms(0), "transfer", null, null, "e1", null, -1, null),
            new HistoryEvent.EntityLockRequested(
                ms(1), List.of("@acct@a", "@acct@b"), 0, "lock-1", "src", 1, null, "i", "e1", 0),
            new HistoryEvent.EntityLockGranted(ms(2), 0, "lock-1", List.of("@acct@a", "@acct@b")),
            new HistoryEvent.EntityOperationRequested(
                ms(3), "@acct@a", "withdraw", "5", "r1", "src", 2, null, "i", "e1", 1, false, null),
            new HistoryEvent.EntityOperationCompleted(ms(4), 1, "95"),
            new HistoryEvent.EntityOperationRequested(
                ms(5), "@log@x", "append", "\"t\"", "r2", "src", 1, null, "i", "e1", 2, true, null),
            new HistoryEvent.EntityLockReleased(ms(6), 3, "lock-1", List.of("@acct@a", "@acct@b")));
    JsonObject tl = Timeline.of(history, ms(10));
    JsonObject call = only(tl, "entity", "withdraw @acct@a");
    assertEquals("completed", call.getString("state"));
    assertEquals("@acct@a", call.getString("instanceId"));
    assertEquals("95", call.getString("result"));
    JsonObject signal = only(tl, "entity", "append @log@x");
    assertEquals("signaled", signal.getString("state"));
    assertTrue(signal.getBoolean("point"));
    JsonObject lock = only(tl, "lock", "lock @acct@a, @acct@b");
    assertEquals(2.0, lock.getDouble("granted"), 1e-9);
    assertEquals(6.0, lock.getDouble("end"), 1e-9);
    assertEquals("released", lock.getString("state"));
  }

  @Test
  void aLongHistoryIsCutAndSaysSo() {
    List<HistoryEvent> history = new ArrayList<>();
    history.add(
        new HistoryEvent.ExecutionStarted(ms(0), "chain", null, null, "e1", null, -1, null));
    for (int i = 0; i < Timeline.MAX_SPANS + 10; i++) {
      history.add(new HistoryEvent.TaskScheduled(ms(i), i, "step", "x".repeat(3000)));
      history.add(new HistoryEvent.TaskCompleted(ms(i + 0.5), i, null));
    }
    JsonObject tl = Timeline.of(history, ms(1e6));
    assertTrue(tl.getBoolean("truncated"));
    assertEquals(Timeline.MAX_SPANS, tl.getJsonArray("spans").size());
    String input = spans(tl).get(1).getString("input");
    assertEquals(Timeline.TEXT_LIMIT + 1, input.length(), "inputs are cut to the limit plus '…'");
  }
}
