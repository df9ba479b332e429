package dev.baton.core.impl.replay;

import dev.baton.core.history.HistoryEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The determinism check of one execution: the actions of its past history, by sequence number, each
 * to be taken again by the code in the same order with the same call. A call that differs, a call
 * where history has none, or a past action never taken again is a non-determinism, raised through
 * the execution's context so it stays the execution's fate. Used only from the execution's thread.
 */
final class PastActions {

  private static final String HINT =
      " Was the orchestrator changed while instances were running? Register the new code"
          + " under a new name or version and keep the old one for running instances.";

  private final ExecutionContext ctx;
  private final Map<Integer, HistoryEvent> byId = new HashMap<>();

  PastActions(ExecutionContext ctx) {
    this.ctx = ctx;
  }

  /** Adds the actions among a batch's past events. */
  void addAll(List<HistoryEvent> replay) {
    for (HistoryEvent e : replay) {
      int id = Actions.id(e);
      if (id >= 0) {
        byId.put(id, e);
      }
    }
  }

  /**
   * Matches an action the code took with the past one of its sequence number: true when it was
   * taken before (and is not to be recorded again), false when it is new; {@code pastLeft} says
   * whether past events remain to be replayed, where no new action may come yet.
   */
  boolean match(HistoryEvent action, boolean pastLeft) {
    int id = Actions.id(action);
    HistoryEvent past = byId.remove(id);
    if (past != null) {
      if (!Actions.sameCall(past, action)) {
        throw ctx.raise(
            new NonDeterminismSignal(
                "history has "
                    + Actions.describe(past)
                    + ", but the code called "
                    + Actions.describe(action)
                    + "."
                    + HINT));
      }
      return true;
    }
    if (pastLeft) {
      throw ctx.raise(
          new NonDeterminismSignal(
              "history has no event #"
                  + id
                  + " at this point, but the code called "
                  + Actions.describe(action)
                  + "."
                  + HINT));
    }
    return false;
  }

  /** At the end of the code: every action of the past must have been taken again. */
  void verifyAllMatched() {
    if (byId.isEmpty()) {
      return;
    }
    HistoryEvent missed = byId.get(byId.keySet().stream().min(Integer::compare).get());
    throw ctx.raise(
        new NonDeterminismSignal(
            "history has "
                + Actions.describe(missed)
                + ", but the code did not make that call."
                + HINT));
  }
}
