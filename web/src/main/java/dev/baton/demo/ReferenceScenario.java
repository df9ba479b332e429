package dev.baton.demo;

import dev.baton.core.Baton;
import dev.baton.core.client.DurableClient;
import dev.baton.core.entity.Entity;
import dev.baton.core.entity.EntityId;
import dev.baton.core.orchestration.Orchestrator;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reference scenario's functions: the orchestrator {@code message_orchestrator} calls the
 * activity {@code message_logger} twice and returns both greetings; the entity {@code
 * session_handler} counts what it is given and keeps a growing log of lorem-ipsum paragraphs, so
 * its state soon outgrows what one table property may hold (64 KiB).
 */
public final class ReferenceScenario {

  /** The orchestrator's name. */
  public static final String ORCHESTRATOR = "message_orchestrator";

  /** The activity's name. */
  public static final String ACTIVITY = "message_logger";

  /** The entity's name. */
  public static final String ENTITY = "session_handler";

  /** One paragraph of the entity's log: about 36 KiB, so two of them pass 64 KiB. */
  static final String PARAGRAPH =
      ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt"
              + " ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud"
              + " exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. ")
          .repeat(160);

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

  /** The entity's state: a count and a log that grows by one paragraph per unit added. */
  public static final class Session {
    public int count;
    public List<String> log = new ArrayList<>();
  }

  /**
   * What {@code get} answers: the count, the paragraphs logged and the characters they hold.
   *
   * @param count the sum of what was added
   * @param paragraphs the paragraphs in the log
   * @param characters the characters of the log
   */
  public record Summary(int count, int paragraphs, long characters) {

    /** The summary of a session ({@code null}: an empty one). */
    public static Summary of(Session s) {
      if (s == null) {
        return new Summary(0, 0, 0);
      }
      return new Summary(s.count, s.log.size(), s.log.stream().mapToLong(String::length).sum());
    }
  }

  /**
   * {@code add} (an integer) raises the count and appends that many paragraphs; {@code get} answers
   * a {@link Summary}; {@code delete} removes the state.
   */
  public static final Entity SESSION_HANDLER =
      ctx ->
          switch (ctx.operationName()) {
            case "add" -> {
              Session s = ctx.state(Session.class, Session::new);
              int n = ctx.input(Integer.class);
              s.count += n;
              for (int i = 0; i < n; i++) {
                s.log.add(PARAGRAPH);
              }
              ctx.setState(s);
              yield null;
            }
            case "get" -> Summary.of(ctx.state(Session.class));
            case "delete" -> {
              ctx.deleteState();
              yield null;
            }
            default ->
                throw new IllegalArgumentException(
                    "session_handler has no operation '"
                        + ctx.operationName()
                        + "'; use add, get or delete");
          };

  /** The entity a run signals: {@code session_handler} with key {@code my_counter_{runId}}. */
  public static EntityId session(String runId) {
    return EntityId.of(ENTITY, "my_counter_" + runId);
  }

  /** The summary of a run's session as a client reads it; an empty one before its first add. */
  public static Future<Summary> readSummary(DurableClient client, String runId) {
    return client
        .getEntity(session(runId))
        .map(m -> Summary.of(m == null ? null : m.readState(Session.class)));
  }

  /** Registers the scenario's functions on an engine builder. */
  public static Baton.Builder register(Baton.Builder builder) {
    return builder
        .addOrchestrator(ORCHESTRATOR, MESSAGE_ORCHESTRATOR)
        .addActivity(ACTIVITY, ctx -> "Hello " + ctx.input(String.class) + "!")
        .addEntity(ENTITY, SESSION_HANDLER);
  }
}
