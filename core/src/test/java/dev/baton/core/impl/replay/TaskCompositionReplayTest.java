package dev.baton.core.impl.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent.SubOrchestrationCompleted;
import dev.baton.core.history.HistoryEvent.SubOrchestrationScheduled;
import dev.baton.core.history.HistoryEvent.TaskCompleted;
import dev.baton.core.history.HistoryEvent.TaskFailed;
import dev.baton.core.history.HistoryEvent.TaskScheduled;
import dev.baton.core.orchestration.Orchestrator;
import dev.baton.core.orchestration.Task;
import dev.baton.core.orchestration.TaskFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Task composition ({@code thenApply}, {@code thenCompose}), the varargs {@code allOf}/{@code
 * anyOf} and the {@code Void} shorthands, checked on the cached path and on a cold replay.
 */
class TaskCompositionReplayTest {

  private static TaskCompleted done(EpisodeDriver run, int taskId, String json) {
    return new TaskCompleted(run.now().plusSeconds(1), taskId, json);
  }

  @Test
  void thenApplyTransformsTheResultTheSameWayOnReplay() {
    Orchestrator<Integer> code =
        ctx -> ctx.callActivity("fetch", "a", String.class).thenApply(String::length).await();
    var run = new EpisodeDriver(code, null);
    run.next(done(run, 0, "\"hello\""));
    assertEquals(RuntimeStatus.COMPLETED, run.last().status());
    assertEquals("5", run.last().output());
    run.replayAndCompare();
  }

  @Test
  void thenComposeStartsTheNextCallWhenTheFirstCompletesWithoutAwaitingInBetween() {
    Orchestrator<String> code =
        ctx -> {
          Task<String> chained =
              ctx.callActivity("quote", "cart", Integer.class)
                  .thenCompose(price -> ctx.callActivity("charge", price * 2, String.class));
          Task<String> other = ctx.callActivity("audit", null, String.class);
          return chained.await() + "+" + other.await();
        };
    var run = new EpisodeDriver(code, null);
    List<TaskScheduled> first = EpisodeDriver.of(run.last(), TaskScheduled.class);
    assertEquals(List.of("quote", "audit"), first.stream().map(TaskScheduled::name).toList());

    run.next(done(run, 0, "21"));
    TaskScheduled charge = EpisodeDriver.of(run.last(), TaskScheduled.class).getFirst();
    assertEquals("charge", charge.name());
    assertEquals(2, charge.taskId(), "the next sequence number, taken when the quote arrived");
    assertEquals("42", charge.input());

    run.next(done(run, 2, "\"paid\""), done(run, 1, "\"logged\""));
    assertEquals("\"paid+logged\"", run.last().output());
    run.replayAndCompare();
  }

  @Test
  void aFailureSkipsTheFunctionAndAFunctionThatThrowsFailsTheTask() {
    var calls = new AtomicInteger();
    Orchestrator<String> code =
        ctx -> {
          Task<Integer> skipped =
              ctx.callActivity("broken", null, String.class)
                  .thenApply(
                      s -> {
                        calls.incrementAndGet();
                        return s.length();
                      });
          Task<Integer> throwing =
              ctx.callActivity("fine", null, String.class)
                  .thenApply(
                      s -> {
                        throw new IllegalStateException("cannot use " + s);
                      });
          String a;
          try {
            a = "value " + skipped.await();
          } catch (TaskFailedException e) {
            a = "failed " + e.taskName();
          }
          try {
            return a + ", value " + throwing.await();
          } catch (IllegalStateException e) {
            return a + ", " + e.getMessage();
          }
        };
    var run = new EpisodeDriver(code, null);
    run.next(
        new TaskFailed(run.now(), 0, new FailureDetails("x.Boom", "boom", "", null)),
        done(run, 1, "\"ok\""));
    assertEquals("\"failed broken, cannot use ok\"", run.last().output());
    assertEquals(0, calls.get(), "the function never saw the failed task");
    run.replayAndCompare();
  }

  @Test
  void awaitingInsideAContinuationIsRefusedWithAClearError() {
    Orchestrator<String> code =
        ctx ->
            ctx.callActivity("a", null, String.class)
                .thenApply(s -> s + ctx.callActivity("b", null, String.class).await())
                .await();
    var run = new EpisodeDriver(code, null);
    run.next(done(run, 0, "\"x\""));
    assertEquals(RuntimeStatus.FAILED, run.last().status());
    String message = run.last().failure().message();
    assertTrue(message.startsWith(ErrorCode.ILLEGAL_ORCHESTRATION_CALL.code()), message);
    assertTrue(message.contains("thenCompose"), message);
  }

  @Test
  void badFunctionsAreRefused() {
    Orchestrator<String> code =
        ctx -> {
          Task<String> t = ctx.callActivity("a", null, String.class);
          List<String> errors = new ArrayList<>();
          try {
            t.thenApply(null);
          } catch (BatonException e) {
            errors.add(e.code().name());
          }
          try {
            t.thenCompose(s -> null).await();
          } catch (BatonException e) {
            errors.add(e.code().name() + ":" + e.getMessage().contains("returned null"));
          }
          return String.join(",", errors);
        };
    var run = new EpisodeDriver(code, null);
    run.next(done(run, 0, "\"x\""));
    assertEquals("\"INVALID_ARGUMENT,INVALID_ARGUMENT:true\"", run.last().output());
  }

  @Test
  void varargsAllOfWaitsForTasksOfDifferentTypesAndFailsWithTheFirstFailureByPosition() {
    Orchestrator<String> code =
        ctx -> {
          Task<String> name = ctx.callActivity("name", null, String.class);
          Task<Integer> age = ctx.callActivity("age", null, Integer.class);
          ctx.allOf(name, age).await();
          assertTrue(name.isDone() && age.isDone());
          Task<String> bad1 = ctx.callActivity("bad1", null, String.class);
          Task<Integer> bad2 = ctx.callActivity("bad2", null, Integer.class);
          try {
            ctx.allOf(bad1, bad2).await();
            return "no failure";
          } catch (TaskFailedException e) {
            return name.await() + " " + age.await() + " " + e.taskName();
          }
        };
    var run = new EpisodeDriver(code, null);
    run.next(done(run, 1, "40"));
    assertEquals(List.of(), EpisodeDriver.of(run.last(), TaskScheduled.class), "name is missing");
    run.next(done(run, 0, "\"Ada\""));
    var failed = new FailureDetails("x.Boom", "boom", "", null);
    run.next(new TaskFailed(run.now(), 3, failed), new TaskFailed(run.now(), 2, failed));
    assertEquals("\"Ada 40 bad1\"", run.last().output());
    run.replayAndCompare();
  }

  @Test
  void varargsAnyOfTakesTheFirstToFinishAndAnEmptyOneIsRefused() {
    Orchestrator<String> code =
        ctx -> {
          Task<String> slow = ctx.callActivity("slow", null, String.class);
          Task<Void> fast = ctx.callActivity("fast", null);
          Task<?> first = ctx.anyOf(slow, fast).await();
          String error;
          try {
            ctx.anyOf();
            error = "accepted";
          } catch (BatonException e) {
            error = e.code().name();
          }
          return (first == fast ? "fast" : "slow") + " " + error;
        };
    var run = new EpisodeDriver(code, null);
    run.next(done(run, 1, "\"ignored\""));
    assertEquals("\"fast INVALID_ARGUMENT\"", run.last().output());
    run.replayAndCompare();
  }

  @Test
  void voidShorthandsIgnoreTheResultInsteadOfReadingIt() {
    Orchestrator<String> code =
        ctx -> {
          Void a = ctx.callActivity("log", "line").await();
          Void b = ctx.callSubOrchestrator("child", 7).await();
          return a + "/" + b;
        };
    var run = new EpisodeDriver(code, null);
    TaskScheduled log = EpisodeDriver.of(run.last(), TaskScheduled.class).getFirst();
    assertEquals("\"line\"", log.input());
    run.next(done(run, 0, "{\"not\":\"void\"}"));
    SubOrchestrationScheduled child =
        EpisodeDriver.of(run.last(), SubOrchestrationScheduled.class).getFirst();
    assertEquals("7", child.input());
    run.next(new SubOrchestrationCompleted(run.now(), 1, "[1,2,3]"));
    assertEquals(RuntimeStatus.COMPLETED, run.last().status());
    assertEquals("\"null/null\"", run.last().output());
    run.replayAndCompare();
  }
}
