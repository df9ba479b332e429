package dev.baton.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryJson;
import dev.baton.core.orchestration.Orchestrator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The determinism safety net: histories recorded from real runs of {@link SampleOrchestrators}
 * (JSON under {@code src/test/resources/histories}) must replay against today's code. A change to
 * the replay engine, the JSON codec or the deterministic helpers that would break running instances
 * fails here.
 */
class SavedHistoriesTest {

  static final List<String> SAVED =
      List.of(
          "greetings-1",
          // greetings-1 as a traced engine writes it: traceParent on ExecutionStarted and
          // TaskScheduled, and the UUIDs that this instance id derives
          "greetings-traced-1",
          "fan-out-1",
          "retry-1",
          "parent-1",
          "sample-kid",
          "events-1",
          "eternal-1",
          "suspended-1",
          "terminated-1",
          // a durable HTTP call: a 503 retried, a 202 polled, the 200 (the recorder's server)
          "http-1");

  static List<HistoryEvent> load(String id) {
    try (InputStream in =
        SavedHistoriesTest.class.getResourceAsStream("/histories/" + id + ".json")) {
      assertNotNull(in, "saved history " + id);
      return HistoryJson.decodeList(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<String> saved() {
    return SAVED.stream();
  }

  private static Orchestrator<?> codeOf(List<HistoryEvent> history) {
    String name =
        history.stream()
            .filter(HistoryEvent.ExecutionStarted.class::isInstance)
            .map(e -> ((HistoryEvent.ExecutionStarted) e).name())
            .findFirst()
            .orElseThrow();
    Orchestrator<?> code = SampleOrchestrators.all().get(name);
    assertNotNull(code, "no sample orchestrator '" + name + "'");
    return code;
  }

  @org.junit.jupiter.api.Test
  void aSavedTracedHistoryKeepsItsTraceContextAndAnOlderOneHasNone() {
    String traced = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    for (HistoryEvent e : load("greetings-traced-1")) {
      switch (e) {
        case HistoryEvent.ExecutionStarted s -> assertEquals(traced, s.traceParent());
        case HistoryEvent.TaskScheduled s -> assertEquals(traced, s.traceParent());
        default -> {}
      }
    }
    for (HistoryEvent e : load("greetings-1")) {
      if (e instanceof HistoryEvent.TaskScheduled s) {
        assertEquals(null, s.traceParent(), "a history saved before tracing");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("saved")
  void savedHistoryReplaysAgainstTodaysCode(String id) {
    List<HistoryEvent> history = load(id);
    ReplayResult r = Replayer.create().verify(id, codeOf(history), history);
    assertTrue(r.newActions().isEmpty(), "no calls beyond the history: " + r.newActions());
    assertEquals(
        history, HistoryJson.decodeList(HistoryJson.encodeList(history)), "codec round trip");
  }

  @Test
  void theDeterministicHelpersStillGiveTheRecordedValues() {
    List<HistoryEvent> history = load("greetings-1");
    ReplayResult r = Replayer.create().replay("greetings-1", codeOf(history), history);
    assertEquals(RuntimeStatus.COMPLETED, r.status());
    var end = (HistoryEvent.ExecutionCompleted) history.getLast();
    assertEquals(end.result(), r.output(), "newUuid() derives the same ids as when recorded");
    ReplayResult elsewhere = Replayer.create().replay("another-id", codeOf(history), history);
    assertFalse(elsewhere.isDeterministic(), "ids derive from the instance id");
  }

  @Test
  void changedCodeIsReportedWithTheDivergingCall() {
    List<HistoryEvent> history = load("greetings-1");
    Orchestrator<Object> changed =
        ctx -> {
          ctx.callActivity("sample_hello", "Tokyo", String.class).await();
          return ctx.callActivity("sample_goodbye", "London", String.class).await();
        };
    ReplayResult r = Replayer.create().replay("greetings-1", changed, history);
    assertFalse(r.isDeterministic());
    assertTrue(r.problem().startsWith("BATON-101"), r.problem());
    assertTrue(r.problem().contains("TaskScheduled #1 'sample_hello'"), r.problem());
    var error =
        assertThrows(
            BatonException.class, () -> Replayer.create().verify("greetings-1", changed, history));
    assertEquals(ErrorCode.NON_DETERMINISTIC, error.code());
  }

  @Test
  void codeThatNowEndsDifferentlyIsReported() {
    List<HistoryEvent> history = load("parent-1");
    Map<String, Orchestrator<?>> samples = SampleOrchestrators.all();
    Orchestrator<Object> changed =
        ctx -> {
          Object unchanged = samples.get("sample_parent").run(ctx);
          return unchanged + "!";
        };
    ReplayResult r = Replayer.create().replay("parent-1", changed, history);
    assertFalse(r.isDeterministic());
    assertTrue(r.problem().contains("but the code ends with"), r.problem());
  }

  @Test
  void aHistoryWithoutAStartIsRefused() {
    var error =
        assertThrows(
            BatonException.class,
            () -> Replayer.create().replay("x", ctx -> null, List.<HistoryEvent>of()));
    assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
  }
}
