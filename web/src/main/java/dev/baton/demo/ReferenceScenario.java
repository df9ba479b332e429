package dev.baton.demo;

import dev.baton.core.Baton;
import dev.baton.core.orchestration.Orchestrator;
import java.util.List;
import java.util.Map;

/**
 * The reference scenario's functions: the orchestrator {@code message_orchestrator} calls the
 * activity {@code message_logger} twice and returns both greetings.
 */
public final class ReferenceScenario {

  /** The orchestrator's name. */
  public static final String ORCHESTRATOR = "message_orchestrator";

  /** The activity's name. */
  public static final String ACTIVITY = "message_logger";

  private ReferenceScenario() {}

  /** {@code {"hellos_count": n}} in, {@code ["Hello Text 1 - n!", "Hello Text 2 - n!"]} out. */
  public static final Orchestrator<List<String>> MESSAGE_ORCHESTRATOR =
      ctx -> {
        Map<?, ?> input = ctx.input(Map.class);
        Object n = input == null ? null : input.get("hellos_count");
        String first = ctx.callActivity(ACTIVITY, "Text 1 - " + n, String.class).await();
        String second = ctx.callActivity(ACTIVITY, "Text 2 - " + n, String.class).await();
        return List.of(first, second);
      };

  /** Registers the scenario's functions on an engine builder. */
  public static Baton.Builder register(Baton.Builder builder) {
    return builder
        .addOrchestrator(ORCHESTRATOR, MESSAGE_ORCHESTRATOR)
        .addActivity(ACTIVITY, ctx -> "Hello " + ctx.input(String.class) + "!");
  }
}
