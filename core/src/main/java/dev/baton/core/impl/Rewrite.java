package dev.baton.core.impl;

import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.ControlMessage;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A history written whole rather than appended: {@code kept} before the episode's events, and the
 * calls of {@code kept} still open, to be made again. A rewind makes one ({@link #rewind}): the
 * failed execution's history is cut before its first failure ({@link RewindPlan}), the code replays
 * the rest and continues, and once the episode is committed {@link #reopen} makes the calls open at
 * the cut again.
 */
record Rewrite(List<HistoryEvent> kept, List<HistoryEvent> reopened) {

  /** A new execution: the episode's events replace the history. */
  static final Rewrite NEW_EXECUTION = new Rewrite(List.of(), List.of());

  /** A rewind's episode: its new events, and the history they are written after. */
  record Rewind(List<HistoryEvent> fresh, Rewrite rewrite) {}

  /**
   * Loads the slot's history and cuts it for {@code r}: the slot is left folded over the kept part,
   * to be replayed, and the episode's new events are {@code r} and the events after the cut.
   */
  static Future<Rewind> rewind(
      BatonImpl engine, OrchestrationSlot slot, HistoryEvent.ExecutionRewound r) {
    return engine
        .store()
        .history()
        .load(slot.instanceId)
        .map(
            h -> {
              RewindPlan plan = RewindPlan.of(h.events());
              slot.resetExecution();
              slot.etag = h.etag();
              slot.fold(plan.kept());
              slot.unreplayed = plan.kept();
              List<HistoryEvent> reopened = new ArrayList<>(slot.openCalls.values());
              List<HistoryEvent> fresh = new ArrayList<>();
              fresh.add(r);
              fresh.addAll(plan.laterEvents());
              return new Rewind(fresh, new Rewrite(plan.kept(), reopened));
            });
  }

  /**
   * After a rewind: makes the calls open at the cut again; a child orchestration is asked to rewind
   * (or, when it did not fail, to report its result again).
   */
  static Future<Void> reopen(BatonImpl engine, OrchestrationSlot slot, Rewrite rewrite) {
    if (rewrite == null || rewrite.reopened().isEmpty()) {
      return Future.succeededFuture();
    }
    List<HistoryEvent> calls = new ArrayList<>(rewrite.reopened());
    List<ControlMessage> children =
        OrchestrationMessages.rewindChildren(calls, engine.clock().instant());
    return engine
        .sends()
        .effects(slot.instanceId, slot.started, calls)
        .compose(v -> engine.sendControl(children, Duration.ZERO));
  }
}
