package dev.baton.web.impl;

import dev.baton.core.FailureDetails;
import dev.baton.core.history.HistoryEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a history as Durable Functions' status API shows it with {@code showHistory=true}:
 * objects with an {@code EventType} (ExecutionStarted, TaskCompleted, ...) and a {@code Timestamp};
 * episode markers left out; a call and its completion merged into one event carrying the call's
 * {@code FunctionName} and {@code ScheduledTime}. Results appear only with {@code
 * showHistoryOutput}, inputs only with {@code showInput}; inputs stay JSON text as Durable
 * Functions leaves them, results are JSON values. Failures show their type and message, never a
 * stack trace.
 */
public final class HistoryRendering {

  private HistoryRendering() {}

  /** The rendered events of {@code events}, oldest first. */
  public static JsonArray render(
      List<HistoryEvent> events, boolean showHistoryOutput, boolean showInput) {
    Map<Integer, HistoryEvent.TaskScheduled> tasks = new HashMap<>();
    Map<Integer, HistoryEvent.SubOrchestrationScheduled> subs = new HashMap<>();
    Set<Integer> completedTasks = new HashSet<>();
    Set<Integer> completedSubs = new HashSet<>();
    for (HistoryEvent e : events) {
      switch (e) {
        case HistoryEvent.TaskScheduled s -> tasks.put(s.taskId(), s);
        case HistoryEvent.TaskCompleted c -> completedTasks.add(c.taskId());
        case HistoryEvent.TaskFailed f -> completedTasks.add(f.taskId());
        case HistoryEvent.SubOrchestrationScheduled s -> subs.put(s.taskId(), s);
        case HistoryEvent.SubOrchestrationCompleted c -> completedSubs.add(c.taskId());
        case HistoryEvent.SubOrchestrationFailed f -> completedSubs.add(f.taskId());
        default -> {}
      }
    }
    var out = new JsonArray();
    for (HistoryEvent e : events) {
      JsonObject item =
          switch (e) {
            case HistoryEvent.OrchestratorStarted s -> null;
            case HistoryEvent.ExecutionStarted s -> {
              var j = event("ExecutionStarted", s.timestamp()).put("FunctionName", s.name());
              if (showInput) {
                j.put("Input", s.input());
              }
              if (s.scheduledStartTime() != null) {
                j.put("ScheduledStartTime", s.scheduledStartTime().toString());
              }
              yield j;
            }
            case HistoryEvent.TaskScheduled s -> {
              if (completedTasks.contains(s.taskId())) {
                yield null; // shown merged into its completion
              }
              var j = event("TaskScheduled", s.timestamp()).put("Name", s.name());
              yield showInput ? j.put("Input", s.input()) : j;
            }
            case HistoryEvent.TaskCompleted c -> {
              var j =
                  merged(event("TaskCompleted", c.timestamp()), tasks.get(c.taskId()), showInput);
              yield showHistoryOutput ? j.put("Result", Replies.jsonValue(c.result())) : j;
            }
            case HistoryEvent.TaskFailed f ->
                failure(
                    merged(event("TaskFailed", f.timestamp()), tasks.get(f.taskId()), showInput),
                    f.failure());
            case HistoryEvent.SubOrchestrationScheduled s -> {
              if (completedSubs.contains(s.taskId())) {
                yield null;
              }
              var j =
                  event("SubOrchestrationInstanceCreated", s.timestamp())
                      .put("Name", s.name())
                      .put("InstanceId", s.instanceId());
              yield showInput ? j.put("Input", s.input()) : j;
            }
            case HistoryEvent.SubOrchestrationCompleted c -> {
              var j =
                  mergedSub(
                      event("SubOrchestrationInstanceCompleted", c.timestamp()),
                      subs.get(c.taskId()),
                      showInput);
              yield showHistoryOutput ? j.put("Result", Replies.jsonValue(c.result())) : j;
            }
            case HistoryEvent.SubOrchestrationFailed f ->
                failure(
                    mergedSub(
                        event("SubOrchestrationInstanceFailed", f.timestamp()),
                        subs.get(f.taskId()),
                        showInput),
                    f.failure());
            case HistoryEvent.TimerCreated t ->
                event("TimerCreated", t.timestamp()).put("FireAt", t.fireAt().toString());
            case HistoryEvent.TimerFired t ->
                event("TimerFired", t.timestamp()).put("FireAt", t.fireAt().toString());
            case HistoryEvent.EventRaised r -> {
              var j = event("EventRaised", r.timestamp()).put("Name", r.name());
              yield showInput ? j.put("Input", r.input()) : j;
            }
            case HistoryEvent.ExecutionCompleted c -> {
              var j =
                  event("ExecutionCompleted", c.timestamp())
                      .put("OrchestrationStatus", c.status().wireName());
              if (c.failure() != null) {
                failure(j, c.failure());
              }
              if (showHistoryOutput) {
                j.put(
                    "Result",
                    c.result() == null && c.failure() != null
                        ? c.failure().message()
                        : Replies.jsonValue(c.result()));
              }
              yield j;
            }
            case HistoryEvent.EventSent sent -> {
              var j =
                  event("EventSent", sent.timestamp())
                      .put("Name", sent.name())
                      .put("InstanceId", sent.instanceId());
              yield showInput ? j.put("Input", sent.input()) : j;
            }
            case HistoryEvent.ExecutionSuspended x ->
                event("ExecutionSuspended", x.timestamp())
                    .put("Reason", Replies.jsonValue(x.reason()));
            case HistoryEvent.ExecutionResumed x ->
                event("ExecutionResumed", x.timestamp())
                    .put("Reason", Replies.jsonValue(x.reason()));
            case HistoryEvent.ExecutionRewound x ->
                event("ExecutionRewound", x.timestamp())
                    .put("Reason", Replies.jsonValue(x.reason()));
            case HistoryEvent.ExecutionTerminated t -> {
              var j = event("ExecutionTerminated", t.timestamp());
              yield showInput ? j.put("Input", t.reason()) : j;
            }
            default -> event(e.getClass().getSimpleName(), e.timestamp());
          };
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  private static JsonObject event(String type, Instant timestamp) {
    return new JsonObject().put("EventType", type).put("Timestamp", timestamp.toString());
  }

  private static JsonObject merged(
      JsonObject j, HistoryEvent.TaskScheduled scheduled, boolean showInput) {
    if (scheduled != null) {
      j.put("ScheduledTime", scheduled.timestamp().toString())
          .put("FunctionName", scheduled.name());
      if (showInput) {
        j.put("Input", scheduled.input());
      }
    }
    return j;
  }

  private static JsonObject mergedSub(
      JsonObject j, HistoryEvent.SubOrchestrationScheduled scheduled, boolean showInput) {
    if (scheduled != null) {
      j.put("ScheduledTime", scheduled.timestamp().toString())
          .put("FunctionName", scheduled.name())
          .put("InstanceId", scheduled.instanceId());
      if (showInput) {
        j.put("Input", scheduled.input());
      }
    }
    return j;
  }

  private static JsonObject failure(JsonObject j, FailureDetails failure) {
    return j.put("Reason", failure.message()).put("Details", failure.type());
  }
}
