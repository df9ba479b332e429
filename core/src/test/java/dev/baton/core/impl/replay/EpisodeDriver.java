package dev.baton.core.impl.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.core.DataConverter;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.orchestration.Orchestrator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives one cached execution episode by episode, keeping the history it writes, and checks that a
 * cold replay of that history reaches the same result: the two paths of the engine.
 */
final class EpisodeDriver {

  private final Orchestrator<?> code;
  private final OrchestrationExecution execution;
  private final List<HistoryEvent> history = new ArrayList<>();
  private Instant now = Histories.T0;
  private EpisodeResult last;

  EpisodeDriver(Orchestrator<?> code, String inputJson) {
    this.code = code;
    this.execution = new OrchestrationExecution("i1", code, DataConverter.jackson());
    append(execution.processAndWait(List.of(), Histories.started("o", inputJson).build()));
  }

  /** One episode, one second after the previous one, with {@code events}. */
  EpisodeResult next(HistoryEvent... events) {
    now = now.plusSeconds(1);
    return append(execution.processAndWait(List.of(), Histories.batch(now, events)));
  }

  Instant now() {
    return now;
  }

  EpisodeResult last() {
    return last;
  }

  List<HistoryEvent> history() {
    return List.copyOf(history);
  }

  /** Replays the whole history cold; its result must match the cached path's last episode. */
  EpisodeResult replayAndCompare() {
    var cold = new OrchestrationExecution("i1", code, DataConverter.jackson());
    EpisodeResult replayed = cold.processAndWait(history, List.of());
    assertEquals(last.status(), replayed.status(), "status after a cold replay");
    assertEquals(last.output(), replayed.output(), "output after a cold replay");
    if (!last.finished()) {
      assertEquals(List.of(), replayed.newEvents(), "a replay of a whole history adds nothing");
      cold.abort();
    }
    return replayed;
  }

  private EpisodeResult append(EpisodeResult r) {
    history.addAll(r.newEvents());
    last = r;
    return r;
  }

  /** The events of {@code r} of {@code type}. */
  static <E extends HistoryEvent> List<E> of(EpisodeResult r, Class<E> type) {
    return r.newEvents().stream().filter(type::isInstance).map(type::cast).toList();
  }
}
