package dev.baton.core.testing;

import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import java.util.List;

/**
 * What replaying a history against orchestrator code found.
 *
 * @param problem why the code does not fit the history (a {@code BATON-101} message, or an end that
 *     differs from the recorded one), or {@code null} when it fits
 * @param status the status the code reached: RUNNING when it waits for more events
 * @param output the output as JSON when it completed (the next input after a continue-as-new)
 * @param failure the failure when the code failed
 * @param newActions calls the code made beyond the history (allowed: a running instance would make
 *     them next), in order
 */
public record ReplayResult(
    String problem,
    RuntimeStatus status,
    String output,
    FailureDetails failure,
    List<HistoryEvent> newActions) {

  /** Whether the code replays the history exactly: no divergence and the same end. */
  public boolean isDeterministic() {
    return problem == null;
  }
}
