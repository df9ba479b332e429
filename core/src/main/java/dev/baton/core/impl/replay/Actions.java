package dev.baton.core.impl.replay;

import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EventSent;
import dev.baton.core.history.HistoryEvent.SubOrchestrationScheduled;
import dev.baton.core.history.HistoryEvent.TaskScheduled;
import dev.baton.core.history.HistoryEvent.TimerCreated;
import dev.baton.core.impl.entity.EntityRouting;

/**
 * An execution's actions as replay matches them: each has a sequence number ({@link #id}); a
 * recorded action and the code's new one are the same call when {@link #sameCall} says so; and
 * {@link #describe} names one in a divergence message.
 */
final class Actions {

  private Actions() {}

  /** Whether the code's {@code now} is the call recorded as {@code past}. */
  static boolean sameCall(HistoryEvent past, HistoryEvent now) {
    return switch (past) {
      case TaskScheduled p -> now instanceof TaskScheduled n && p.name().equals(n.name());
      case TimerCreated p -> now instanceof TimerCreated;
      case SubOrchestrationScheduled p ->
          now instanceof SubOrchestrationScheduled n && p.name().equals(n.name());
      case EventSent p ->
          now instanceof EventSent n
              && p.name().equals(n.name())
              && p.instanceId().equals(n.instanceId());
      default -> EntityCalls.sameCall(past, now);
    };
  }

  /** The sequence number of an action, or -1 for an event that is none. */
  static int id(HistoryEvent e) {
    return switch (e) {
      case TaskScheduled s -> s.taskId();
      case TimerCreated t -> t.taskId();
      case SubOrchestrationScheduled s -> s.taskId();
      case EventSent s -> s.taskId();
      default -> EntityRouting.actionTaskId(e);
    };
  }

  /** An action as divergence messages name it. */
  static String describe(HistoryEvent e) {
    return switch (e) {
      case TaskScheduled s -> "TaskScheduled #" + s.taskId() + " '" + s.name() + "'";
      case TimerCreated t -> "TimerCreated #" + t.taskId() + " (fires " + t.fireAt() + ")";
      case SubOrchestrationScheduled s ->
          "SubOrchestrationScheduled #" + s.taskId() + " '" + s.name() + "'";
      case EventSent s ->
          "EventSent #" + s.taskId() + " '" + s.name() + "' to '" + s.instanceId() + "'";
      default -> EntityCalls.describe(e);
    };
  }
}
