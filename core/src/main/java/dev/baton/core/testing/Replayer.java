package dev.baton.core.testing;

import dev.baton.core.BatonException;
import dev.baton.core.DataConverter;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.ExecutionCompleted;
import dev.baton.core.history.HistoryJson;
import dev.baton.core.impl.replay.EpisodeResult;
import dev.baton.core.impl.replay.OrchestrationExecution;
import dev.baton.core.orchestration.Orchestrator;
import java.util.List;
import java.util.Objects;

/**
 * Replays a recorded history against orchestrator code and reports whether the code still fits it:
 * the same calls in the same order and, when the history records an end, the same end. Run it in
 * tests over histories saved from real instances (e.g. {@code DurableClient.getInstanceHistory}
 * encoded with {@link HistoryJson}) to catch a change that would fail running instances with {@code
 * BATON-101}.
 *
 * <pre>{@code
 * List<HistoryEvent> saved = HistoryJson.decodeList(Files.readString(Path.of("order-42.json")));
 * Replayer.create().verify("order-42", orderOrchestrator, saved);
 * }</pre>
 *
 * <p>The code runs on a virtual thread and the call waits for it: call it from a test or tool
 * thread, never from an event loop. The instance id matters because {@code newUuid()} derives from
 * it.
 */
public final class Replayer {

  private final DataConverter converter;

  private Replayer(DataConverter converter) {
    this.converter = Objects.requireNonNull(converter, "converter");
  }

  /** A replayer with the default Jackson converter. */
  public static Replayer create() {
    return new Replayer(DataConverter.jackson());
  }

  /** A replayer with the converter the engine uses. */
  public static Replayer create(DataConverter converter) {
    return new Replayer(converter);
  }

  /** Replays {@code history}, the history of instance {@code instanceId}, against the code. */
  public ReplayResult replay(String instanceId, Orchestrator<?> code, List<HistoryEvent> history) {
    Objects.requireNonNull(code, "code");
    if (history == null
        || history.stream().noneMatch(HistoryEvent.ExecutionStarted.class::isInstance)) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "a history to replay must hold an ExecutionStarted event");
    }
    var execution = new OrchestrationExecution(instanceId, code, converter);
    EpisodeResult r = execution.processAndWait(history, List.of());
    if (!execution.isFinished()) {
      execution.abort();
    }
    List<HistoryEvent> actions =
        r.newEvents().stream()
            .filter(
                e -> !(e instanceof ExecutionCompleted || e instanceof HistoryEvent.EventRaised))
            .toList();
    return new ReplayResult(
        problem(r, recordedEnd(history)), r.status(), r.output(), r.failure(), actions);
  }

  /** Replays a history encoded as JSON by {@link HistoryJson#encodeList}. */
  public ReplayResult replay(String instanceId, Orchestrator<?> code, String historyJson) {
    return replay(instanceId, code, HistoryJson.decodeList(historyJson));
  }

  /**
   * Replays and throws when the code does not fit the history.
   *
   * @throws BatonException with {@code NON_DETERMINISTIC} naming the divergence
   */
  public ReplayResult verify(String instanceId, Orchestrator<?> code, List<HistoryEvent> history) {
    ReplayResult r = replay(instanceId, code, history);
    if (!r.isDeterministic()) {
      String message = r.problem();
      String prefix = ErrorCode.NON_DETERMINISTIC.code() + " ";
      throw new BatonException(
          ErrorCode.NON_DETERMINISTIC,
          message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }
    return r;
  }

  private static ExecutionCompleted recordedEnd(List<HistoryEvent> history) {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i) instanceof ExecutionCompleted c) {
        return c;
      }
    }
    return null;
  }

  private static String problem(EpisodeResult r, ExecutionCompleted recorded) {
    if (r.failure() != null
        && r.failure().message().startsWith(ErrorCode.NON_DETERMINISTIC.code())) {
      return r.failure().message();
    }
    if (recorded == null) {
      return null;
    }
    if (r.status() != recorded.status()) {
      return diverged(
          "history ends "
              + recorded.status().wireName()
              + ", but after replaying it the code "
              + (r.status() == RuntimeStatus.RUNNING
                  ? "still waits"
                  : "ends " + r.status().wireName()));
    }
    if (!Objects.equals(r.output(), recorded.result())) {
      return diverged(
          "history ends "
              + recorded.status().wireName()
              + " with "
              + recorded.result()
              + ", but the code ends with "
              + r.output());
    }
    return null;
  }

  private static String diverged(String what) {
    return new BatonException(
            ErrorCode.NON_DETERMINISTIC,
            what + ". Was the orchestrator changed in a way that alters its result?")
        .getMessage();
  }
}
