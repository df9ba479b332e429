package dev.baton.core.impl.replay;

import dev.baton.core.FailureDetails;
import dev.baton.core.history.HistoryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds histories for replay tests, one episode at a time. */
final class Histories {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final List<HistoryEvent> events = new ArrayList<>();
  private Instant now = T0;

  static Histories started(String name, String inputJson) {
    var h = new Histories();
    h.events.add(new HistoryEvent.OrchestratorStarted(T0));
    h.events.add(
        new HistoryEvent.ExecutionStarted(T0, name, null, inputJson, "exec-1", null, -1, null));
    return h;
  }

  Histories scheduled(int taskId, String name, String inputJson) {
    events.add(new HistoryEvent.TaskScheduled(now, taskId, name, inputJson));
    return this;
  }

  Histories timer(int taskId, Instant fireAt) {
    events.add(new HistoryEvent.TimerCreated(now, taskId, fireAt));
    return this;
  }

  /** Starts a new episode one second later. */
  Histories episode() {
    now = now.plusSeconds(1);
    events.add(new HistoryEvent.OrchestratorStarted(now));
    return this;
  }

  Histories completed(int taskId, String resultJson) {
    events.add(new HistoryEvent.TaskCompleted(now, taskId, resultJson));
    return this;
  }

  Histories failed(int taskId, String type, String message) {
    events.add(
        new HistoryEvent.TaskFailed(now, taskId, new FailureDetails(type, message, "", null)));
    return this;
  }

  Histories fired(int taskId, Instant fireAt) {
    events.add(new HistoryEvent.TimerFired(now, taskId, fireAt));
    return this;
  }

  List<HistoryEvent> build() {
    return List.copyOf(events);
  }

  /** A fresh batch: an episode start at {@code at} plus {@code events}. */
  static List<HistoryEvent> batch(Instant at, HistoryEvent... events) {
    List<HistoryEvent> list = new ArrayList<>();
    list.add(new HistoryEvent.OrchestratorStarted(at));
    list.addAll(List.of(events));
    return list;
  }
}
