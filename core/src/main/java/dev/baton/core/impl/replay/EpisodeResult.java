package dev.baton.core.impl.replay;

import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import java.util.List;

/**
 * What one episode of an execution produced: the events to append to history (the consumed new
 * events, then the actions the code took, then the terminal event if it finished) and the
 * instance's resulting status.
 *
 * @param newEvents the events to append, in order
 * @param status RUNNING, or COMPLETED / FAILED when the execution finished in this episode
 * @param output the output as JSON when COMPLETED
 * @param failure the failure when FAILED
 * @param customStatus the custom status as JSON, or {@code null}
 */
public record EpisodeResult(
    List<HistoryEvent> newEvents,
    RuntimeStatus status,
    String output,
    FailureDetails failure,
    String customStatus) {

  /** Whether the execution finished in this episode. */
  public boolean finished() {
    return status != RuntimeStatus.RUNNING;
  }
}
