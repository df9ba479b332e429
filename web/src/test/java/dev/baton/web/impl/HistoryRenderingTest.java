package dev.baton.web.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history shape of Durable Functions' status API, from histories alone. */
class HistoryRenderingTest {

  private static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

  private static Instant t(int seconds) {
    return T.plusSeconds(seconds);
  }

  private static final FailureDetails BOOM =
      new FailureDetails(
          "java.lang.IllegalStateException",
          "boom",
          "java.lang.IllegalStateException: boom\n\tat x",
          null);

  private static final List<HistoryEvent> HISTORY =
      List.of(
          new HistoryEvent.OrchestratorStarted(t(0)),
          new HistoryEvent.ExecutionStarted(
              t(0), "order", null, "{\"id\":1}", "e1", null, -1, null),
          new HistoryEvent.TaskScheduled(t(1), 0, "charge", "10"),
          new HistoryEvent.SubOrchestrationScheduled(t(1), 1, "ship", "sub-1", null, "\"box\""),
          new HistoryEvent.TimerCreated(t(1), 2, t(60)),
          new HistoryEvent.TaskScheduled(t(1), 3, "notify", "\"x\""),
          new HistoryEvent.OrchestratorStarted(t(2)),
          new HistoryEvent.TaskFailed(t(2), 0, BOOM),
          new HistoryEvent.SubOrchestrationCompleted(t(3), 1, "\"shipped\""),
          new HistoryEvent.TimerFired(t(60), 2, t(60)),
          new HistoryEvent.EventRaised(t(61), "approval", "true", "m1"),
          new HistoryEvent.ExecutionCompleted(t(62), RuntimeStatus.FAILED, null, BOOM));

  private static List<String> types(JsonArray events) {
    return events.stream().map(e -> ((JsonObject) e).getString("EventType")).toList();
  }

  @Test
  void callsAreMergedIntoTheirCompletionsAndEpisodeMarkersDropped() {
    JsonArray events = HistoryRendering.render(HISTORY, false, true);
    assertEquals(
        List.of(
            "ExecutionStarted",
            "TimerCreated",
            "TaskScheduled",
            "TaskFailed",
            "SubOrchestrationInstanceCompleted",
            "TimerFired",
            "EventRaised",
            "ExecutionCompleted"),
        types(events));
    JsonObject failed = events.getJsonObject(3);
    assertEquals("charge", failed.getString("FunctionName"));
    assertEquals(t(1).toString(), failed.getString("ScheduledTime"));
    assertEquals("boom", failed.getString("Reason"));
    assertEquals("java.lang.IllegalStateException", failed.getString("Details"));
    assertEquals("10", failed.getString("Input"));
    JsonObject sub = events.getJsonObject(4);
    assertEquals("ship", sub.getString("FunctionName"));
    assertEquals("sub-1", sub.getString("InstanceId"));
    assertFalse(sub.containsKey("Result"));
    assertEquals("notify", events.getJsonObject(2).getString("Name"));
    assertEquals(t(60).toString(), events.getJsonObject(1).getString("FireAt"));
  }

  @Test
  void outputsAppearOnlyWhenAskedAndInputsOnlyWhenAllowed() {
    JsonArray events = HistoryRendering.render(HISTORY, true, false);
    JsonObject sub = events.getJsonObject(4);
    assertEquals("shipped", sub.getString("Result"));
    JsonObject end = events.getJsonObject(7);
    assertEquals("Failed", end.getString("OrchestrationStatus"));
    assertEquals("boom", end.getString("Result"));
    for (Object e : events) {
      assertFalse(((JsonObject) e).containsKey("Input"), e.toString());
    }
  }

  @Test
  void noStackTraceIsRendered() {
    String all = HistoryRendering.render(HISTORY, true, true).encode();
    assertFalse(all.contains("\\tat "), all);
    assertTrue(all.contains("boom"));
  }
}
