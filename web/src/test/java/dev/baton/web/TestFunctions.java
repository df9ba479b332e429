package dev.baton.web;

import dev.baton.core.Baton;
import dev.baton.demo.ReferenceScenario;
import java.time.Duration;

/** The orchestrators and activities the web tests start. */
final class TestFunctions {

  /** Returns its input. */
  static final String ECHO = "echo";

  /** Fails with "boom". */
  static final String FAIL = "fail";

  /** Waits on a one-hour timer: stays Running for as long as a test needs. */
  static final String WAIT = "wait_an_hour";

  /** Calls the activity {@code greet} once with its input. */
  static final String GREET_ONCE = "greet_once";

  private TestFunctions() {}

  static Baton.Builder register(Baton.Builder builder) {
    return ReferenceScenario.register(builder)
        .addOrchestrator(ECHO, ctx -> ctx.input(Object.class))
        .addOrchestrator(
            FAIL,
            ctx -> {
              throw new IllegalStateException("boom");
            })
        .addOrchestrator(
            WAIT,
            ctx -> {
              ctx.setCustomStatus("waiting");
              ctx.createTimer(Duration.ofHours(1)).await();
              return "woke";
            })
        .addOrchestrator(
            GREET_ONCE,
            ctx -> ctx.callActivity("greet", ctx.input(Object.class), String.class).await())
        .addActivity("greet", ctx -> "Hi " + ctx.input(Object.class));
  }
}
