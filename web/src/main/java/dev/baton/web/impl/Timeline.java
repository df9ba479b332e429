package dev.baton.web.impl;

import dev.baton.core.history.HistoryEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * An orchestration's history as the dashboard draws it: one span per activity, timer,
 * sub-orchestration, entity call and critical section, from when it was scheduled to when it ended
 * (open while it runs), points for events raised and sent, spans for suspensions, and the
 * execution's own start and end. Times are milliseconds after the execution started, so a span of a
 * few microseconds keeps its length. A pure function of the history and the current time.
 */
final class Timeline {

  /** Spans beyond this many are left out (and the answer says so). */
  static final int MAX_SPANS = 5000;

  /** Characters of an input or result a span carries. */
  static final int TEXT_LIMIT = 2000;

  private final Instant origin;
  private final JsonArray spans = new JsonArray();
  private final Map<Integer, JsonObject> open = new HashMap<>();
  private final Map<String, JsonObject> locks = new HashMap<>();
  private JsonObject suspended;
  private boolean truncated;

  private Timeline(Instant origin) {
    this.origin = origin;
  }

  /**
   * {@code {start, end, now, running, truncated, parentInstanceId, spans: [{kind, name, start, end,
   * state, ...}]}}: {@code start} and {@code now} as ISO times, everything else in ms after start.
   */
  static JsonObject of(java.util.List<HistoryEvent> history, Instant now) {
    Instant origin = history.isEmpty() ? now : history.get(0).timestamp();
    String parent = null;
    for (HistoryEvent e : history) {
      if (e instanceof HistoryEvent.ExecutionStarted s) {
        origin = s.timestamp();
        parent = s.parentInstanceId();
        break;
      }
    }
    var t = new Timeline(origin);
    Instant end = null;
    for (HistoryEvent e : history) {
      Instant ended = t.add(e);
      if (ended != null) {
        end = ended;
      }
    }
    return new JsonObject()
        .put("start", origin.toString())
        .put("now", now.toString())
        .put("nowMs", t.ms(now))
        .put("end", end == null ? null : t.ms(end))
        .put("parentInstanceId", parent)
        .put("truncated", t.truncated)
        .put("spans", t.spans);
  }

  /** Adds the event's span or point; answers the time of an execution's end. */
  private Instant add(HistoryEvent event) {
    switch (event) {
      case HistoryEvent.TaskScheduled s ->
          open.put(
              s.taskId(), span("activity", s.name(), s.timestamp()).put("input", cut(s.input())));
      case HistoryEvent.TaskCompleted c ->
          close(c.taskId(), c.timestamp(), "completed", c.result());
      case HistoryEvent.TaskFailed f ->
          close(f.taskId(), f.timestamp(), "failed", null)
              .put("failure", DashboardData.failure(f.failure()));
      case HistoryEvent.TimerCreated c ->
          open.put(c.taskId(), span("timer", "timer", c.timestamp()).put("fireAt", ms(c.fireAt())));
      case HistoryEvent.TimerFired f -> close(f.taskId(), f.timestamp(), "fired", null);
      case HistoryEvent.SubOrchestrationScheduled s ->
          open.put(
              s.taskId(),
              span("suborchestration", s.name(), s.timestamp())
                  .put("instanceId", s.instanceId())
                  .put("input", cut(s.input())));
      case HistoryEvent.SubOrchestrationCompleted c ->
          close(c.taskId(), c.timestamp(), "completed", c.result());
      case HistoryEvent.SubOrchestrationFailed f ->
          close(f.taskId(), f.timestamp(), "failed", null)
              .put("failure", DashboardData.failure(f.failure()));
      case HistoryEvent.EntityOperationRequested r -> {
        var j =
            span("entity", r.operation() + " " + r.target(), r.timestamp())
                .put("instanceId", r.target())
                .put("input", cut(r.input()));
        if (r.signal()) {
          point(j.put("state", "signaled"), r.timestamp());
        } else {
          open.put(r.taskId(), j);
        }
      }
      case HistoryEvent.EntityOperationCompleted c ->
          close(c.taskId(), c.timestamp(), "completed", c.result());
      case HistoryEvent.EntityOperationFailed f ->
          close(f.taskId(), f.timestamp(), "failed", null)
              .put("failure", DashboardData.failure(f.failure()));
      case HistoryEvent.EntityLockRequested r ->
          open.put(
              r.taskId(),
              span("lock", "lock " + String.join(", ", r.lockSet()), r.timestamp())
                  .put("lockRequestId", r.requestId()));
      case HistoryEvent.EntityLockGranted g -> {
        JsonObject j = open.remove(g.taskId());
        if (j != null) {
          j.put("granted", ms(g.timestamp())).put("state", "held");
          locks.put(g.lockRequestId(), j);
        }
      }
      case HistoryEvent.EntityLockReleased r -> {
        JsonObject j = locks.remove(r.lockRequestId());
        if (j != null) {
          j.put("end", ms(r.timestamp())).put("state", "released");
        }
      }
      case HistoryEvent.EventRaised r ->
          point(
              span("event", r.name(), r.timestamp())
                  .put("state", "received")
                  .put("input", cut(r.input())),
              r.timestamp());
      case HistoryEvent.EventSent s ->
          point(
              span("event", s.name() + " to " + s.instanceId(), s.timestamp())
                  .put("state", "sent")
                  .put("instanceId", s.instanceId())
                  .put("input", cut(s.input())),
              s.timestamp());
      case HistoryEvent.ExecutionSuspended s -> {
        if (suspended == null) {
          suspended = span("suspended", "suspended", s.timestamp()).put("reason", s.reason());
        }
      }
      case HistoryEvent.ExecutionResumed r -> {
        if (suspended != null) {
          suspended.put("end", ms(r.timestamp())).put("state", "resumed");
          suspended = null;
        }
      }
      case HistoryEvent.ExecutionStarted s ->
          point(
              span("execution", "started " + s.name(), s.timestamp()).put("state", "started"),
              s.timestamp());
      case HistoryEvent.ExecutionRewound r ->
          point(span("execution", "rewound", r.timestamp()).put("state", "rewound"), r.timestamp());
      case HistoryEvent.ExecutionTerminated x -> {
        point(
            span("execution", "terminated", x.timestamp()).put("state", "terminated"),
            x.timestamp());
        return x.timestamp();
      }
      case HistoryEvent.ExecutionCompleted c -> {
        point(
            span(
                    "execution",
                    c.status().wireName().toLowerCase(java.util.Locale.ROOT),
                    c.timestamp())
                .put("state", c.status().wireName().toLowerCase(java.util.Locale.ROOT)),
            c.timestamp());
        return c.timestamp();
      }
      default -> {}
    }
    return null;
  }

  /** A new span, added to the list (open until closed: {@code end} null, state "running"). */
  private JsonObject span(String kind, String name, Instant start) {
    var j =
        new JsonObject()
            .put("kind", kind)
            .put("name", name)
            .put("start", ms(start))
            .put("end", null)
            .put("state", "running");
    if (spans.size() < MAX_SPANS) {
      spans.add(j);
    } else {
      truncated = true;
    }
    return j;
  }

  private void point(JsonObject span, Instant at) {
    span.put("end", ms(at)).put("point", true);
  }

  private JsonObject close(int taskId, Instant at, String state, String result) {
    JsonObject j = open.remove(taskId);
    if (j == null) {
      j = span("unknown", "task " + taskId, at); // a completion without its call: still shown
    }
    j.put("end", ms(at)).put("state", state);
    if (result != null) {
      j.put("result", cut(result));
    }
    return j;
  }

  private double ms(Instant t) {
    Duration d = Duration.between(origin, t);
    return d.toNanos() / 1_000_000.0;
  }

  private static String cut(String text) {
    if (text == null || text.length() <= TEXT_LIMIT) {
      return text;
    }
    return text.substring(0, TEXT_LIMIT) + "…";
  }
}
