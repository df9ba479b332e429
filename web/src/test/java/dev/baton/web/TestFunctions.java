package dev.baton.web;

import dev.baton.core.Baton;
import dev.baton.core.entity.EntityId;
import dev.baton.core.orchestration.SubOrchestrationOptions;
import dev.baton.demo.ReferenceScenario;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

  /** Runs {@code greet_once} as a sub-orchestration with the id {@code {its own id}-child}. */
  static final String PARENT = "parent_of_greet";

  /** Locks the counter entity keyed by its input and holds it until the event "release". */
  static final String HOLD_LOCK = "hold_lock";

  /** Waits for the external event "approval" and returns its data. */
  static final String APPROVAL = "await_approval";

  /** Calls the activity {@code flaky}, which fails on its first attempt per instance. */
  static final String FAIL_ONCE = "fail_once";

  /**
   * An entity holding an integer: {@code add}, {@code get}, {@code set} (any value), {@code
   * delete}; the unnamed operation {@code ""} sets {@code "unnamed <input>"}.
   */
  static final String COUNTER = "counter";

  private static final Map<String, Boolean> FAILED_ONCE = new ConcurrentHashMap<>();

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
        .addActivity("greet", ctx -> "Hi " + ctx.input(Object.class))
        .addOrchestrator(
            PARENT,
            ctx ->
                ctx.callSubOrchestrator(
                        GREET_ONCE,
                        ctx.input(Object.class),
                        String.class,
                        new SubOrchestrationOptions().setInstanceId(ctx.instanceId() + "-child"))
                    .await())
        .addOrchestrator(
            HOLD_LOCK,
            ctx -> {
              try (var lock = ctx.lockEntities(EntityId.of(COUNTER, ctx.input(String.class)))) {
                ctx.waitForExternalEvent("release", Object.class).await();
              }
              return "released";
            })
        .addOrchestrator(
            APPROVAL, ctx -> ctx.waitForExternalEvent("approval", Object.class).await())
        .addOrchestrator(
            FAIL_ONCE, ctx -> ctx.callActivity("flaky", ctx.instanceId(), String.class).await())
        .addActivity(
            "flaky",
            ctx -> {
              if (FAILED_ONCE.putIfAbsent(ctx.instanceId(), true) == null) {
                throw new IllegalStateException("first attempt of " + ctx.instanceId() + " fails");
              }
              return "fine";
            })
        .addEntity(
            COUNTER,
            ctx ->
                switch (ctx.operationName()) {
                  case "add" -> {
                    ctx.setState(ctx.state(Integer.class, () -> 0) + ctx.input(Integer.class));
                    yield null;
                  }
                  case "set" -> {
                    ctx.setState(ctx.input(Object.class));
                    yield null;
                  }
                  case "get" -> ctx.state(Object.class);
                  case "" -> { // the unnamed operation: keeps its input, marked
                    ctx.setState("unnamed " + ctx.input(Object.class));
                    yield null;
                  }
                  case "delete" -> {
                    ctx.deleteState();
                    yield null;
                  }
                  default ->
                      throw new IllegalArgumentException("no operation " + ctx.operationName());
                });
  }
}
