package dev.baton.core.impl.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.DataConverter;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EventRaised;
import dev.baton.core.history.HistoryEvent.TaskCompleted;
import dev.baton.core.orchestration.OrchestrationContext;
import dev.baton.core.orchestration.Orchestrator;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The replay-safe loggers: the context's own and a user's SLF4J, JUL or {@code System.Logger}
 * logger wrapped by {@code ctx.logger(type, logger)}. An instance runs two episodes on a cached
 * execution, then is loaded cold (its history replayed) for a third: every line appears once.
 */
class ReplaySafeLoggerTest {

  private final List<String> lines = new CopyOnWriteArrayList<>();

  /**
   * An orchestration that logs through {@code log} before its call, after it, and after an event:
   * the line after the call comes before a wait that records no action, the case where the past
   * history ends while the code still runs in the past episode.
   */
  private static Orchestrator<String> logging(Function<OrchestrationContext, Logged> logger) {
    return ctx -> {
      Logged log = logger.apply(ctx);
      log.info("start " + ctx.input(String.class));
      String a = ctx.callActivity("a", null, String.class).await();
      log.info("after a: " + a);
      String e = ctx.waitForExternalEvent("go", String.class).await();
      log.info("after event: " + e);
      return a + e;
    };
  }

  /** The one method these tests log with, whatever the logger. */
  @FunctionalInterface
  interface Logged {
    void info(String line);
  }

  /**
   * Runs two cached episodes, then a cold load of their history with a third: the lines. Each
   * {@code info} call writes {@code linesPerCall} lines.
   */
  private List<String> runWithAColdLoad(Orchestrator<String> code, int linesPerCall) {
    var cached = new OrchestrationExecution("i1", code, DataConverter.jackson());
    List<HistoryEvent> history = new ArrayList<>();
    history.addAll(
        cached.processAndWait(List.of(), Histories.started("o", "\"x\"").build()).newEvents());
    Instant t1 = Histories.T0.plusSeconds(1);
    history.addAll(
        cached
            .processAndWait(List.of(), Histories.batch(t1, new TaskCompleted(t1, 0, "\"A\"")))
            .newEvents());
    cached.abort();
    assertEquals(2 * linesPerCall, lines.size(), "the cached path logs as it goes: " + lines);

    var cold = new OrchestrationExecution("i1", code, DataConverter.jackson());
    Instant t2 = t1.plusSeconds(1);
    EpisodeResult done =
        cold.processAndWait(history, Histories.batch(t2, new EventRaised(t2, "go", "\"E\"", "m1")));
    assertEquals(RuntimeStatus.COMPLETED, done.status(), String.valueOf(done.failure()));
    assertEquals("\"AE\"", done.output());
    return List.copyOf(lines);
  }

  private static final List<String> ONCE_EACH = List.of("start x", "after a: A", "after event: E");

  @Test
  void anSlf4jLoggerWritesEachLineOnceAcrossAColdReplay() {
    org.slf4j.Logger mine = recordingSlf4j();
    List<String> seen =
        runWithAColdLoad(
            logging(
                ctx -> {
                  org.slf4j.Logger log = ctx.logger(org.slf4j.Logger.class, mine);
                  return line -> {
                    if (log.isInfoEnabled()) {
                      log.info("{}", line);
                    }
                    log.atDebug().log("fluent " + line); // a default method of the interface
                  };
                }),
            2);
    List<String> expected = new ArrayList<>();
    for (String line : ONCE_EACH) {
      expected.add(line);
      expected.add("fluent " + line);
    }
    assertEquals(expected, seen);
  }

  @Test
  void aJulLoggerWritesEachLineOnceAcrossAColdReplay() {
    var jul = java.util.logging.Logger.getLogger("test.replay-safe." + System.nanoTime());
    jul.setUseParentHandlers(false);
    jul.addHandler(recordingHandler());
    List<String> seen =
        runWithAColdLoad(
            logging(
                ctx -> {
                  java.util.logging.Logger log = ctx.logger(java.util.logging.Logger.class, jul);
                  return log::info;
                }),
            1);
    assertEquals(ONCE_EACH, seen);
  }

  @Test
  void theContextsOwnLoggerWritesEachLineOnceAcrossAColdReplay() {
    var jul = java.util.logging.Logger.getLogger("dev.baton.orchestration.o");
    Handler handler = recordingHandler();
    jul.addHandler(handler);
    try {
      List<String> seen =
          runWithAColdLoad(
              logging(ctx -> line -> ctx.logger().log(System.Logger.Level.INFO, line)), 1);
      assertEquals(ONCE_EACH, seen);
    } finally {
      jul.removeHandler(handler);
    }
  }

  @Test
  void aWrappedSystemLoggerWritesEachLineOnceAcrossAColdReplay() {
    var jul = java.util.logging.Logger.getLogger("test.system-logger." + System.nanoTime());
    jul.setUseParentHandlers(false);
    jul.addHandler(recordingHandler());
    System.Logger mine = System.getLogger(jul.getName());
    List<String> seen =
        runWithAColdLoad(
            logging(
                ctx -> {
                  System.Logger log = ctx.logger(System.Logger.class, mine);
                  return line -> log.log(System.Logger.Level.INFO, line);
                }),
            1);
    assertEquals(ONCE_EACH, seen);
  }

  @Test
  void aLoggerOfAClassOrNothingIsRefused() {
    List<String> errors = new ArrayList<>();
    Orchestrator<String> code =
        ctx -> {
          for (Runnable bad :
              List.<Runnable>of(
                  () -> ctx.logger(HashMap.class, new HashMap<>()),
                  () -> ctx.logger(org.slf4j.Logger.class, null),
                  () -> ctx.logger(null, "x"))) {
            try {
              bad.run();
              errors.add("accepted");
            } catch (BatonException e) {
              errors.add(e.code().name());
            }
          }
          return String.join(",", errors);
        };
    var exec = new OrchestrationExecution("i1", code, DataConverter.jackson());
    EpisodeResult r = exec.processAndWait(List.of(), Histories.started("o", null).build());
    String invalid = ErrorCode.INVALID_ARGUMENT.name();
    assertEquals(List.of(invalid, invalid, invalid), errors);
    assertTrue(r.finished());
  }

  private Handler recordingHandler() {
    return new Handler() {
      @Override
      public void publish(LogRecord record) {
        lines.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  /** An SLF4J logger that records its info and debug lines, with every level enabled. */
  private org.slf4j.Logger recordingSlf4j() {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          String name = method.getName();
          if (name.startsWith("is") && method.getReturnType() == boolean.class) {
            return true;
          }
          if (name.equals("getName")) {
            return "recording";
          }
          if ((name.equals("info") || name.equals("debug")) && args != null) {
            String text = (String) args[0];
            lines.add(args.length > 1 ? text.replace("{}", String.valueOf(args[1])) : text);
          }
          return null;
        };
    return (org.slf4j.Logger)
        Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {org.slf4j.Logger.class}, handler);
  }
}
