package dev.baton.core.impl;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EventRaised;
import dev.baton.core.history.HistoryEvent.ExecutionCompleted;
import dev.baton.core.history.HistoryEvent.OrchestratorStarted;
import java.util.ArrayList;
import java.util.List;

/**
 * How a failed execution is rewound: its history is cut just before the first failure (a failed
 * activity or sub-orchestration, or the failure of the code itself). What came before stays and is
 * replayed; the calls open at the cut are made again (failed activities re-run); what came after is
 * dropped, except the external events, which are applied again after the rewind so none is lost.
 * The code reaches the cut in the same state it had then, so the shortened history replays
 * deterministically.
 *
 * @param kept the history before the cut
 * @param laterEvents the external events recorded after the cut, in order
 */
record RewindPlan(List<HistoryEvent> kept, List<EventRaised> laterEvents) {

  /** The plan for {@code history}, the history of a Failed execution. */
  static RewindPlan of(List<HistoryEvent> history) {
    int cut = history.size();
    for (int i = 0; i < history.size(); i++) {
      if (isFailure(history.get(i))) {
        cut = i;
        break;
      }
    }
    int end = cut;
    while (end > 0 && history.get(end - 1) instanceof OrchestratorStarted) {
      end--;
    }
    List<EventRaised> later = new ArrayList<>();
    for (HistoryEvent e : history.subList(cut, history.size())) {
      if (e instanceof EventRaised r) {
        later.add(r);
      }
    }
    return new RewindPlan(List.copyOf(history.subList(0, end)), List.copyOf(later));
  }

  private static boolean isFailure(HistoryEvent e) {
    return switch (e) {
      case HistoryEvent.TaskFailed f -> true;
      case HistoryEvent.SubOrchestrationFailed f -> true;
      case ExecutionCompleted c -> c.status() == RuntimeStatus.FAILED;
      default -> false;
    };
  }
}
