package dev.baton.core.orchestration;

/**
 * An orchestrator: plain sequential code that calls activities and waits on their results. The
 * engine replays it from history, so it must be deterministic: take time, random ids and logs from
 * the {@link OrchestrationContext}, never from the wall clock, {@code Random} or I/O.
 *
 * <pre>{@code
 * Orchestrator<List<String>> hello = ctx -> {
 *   String a = ctx.callActivity("say_hello", "Tokyo", String.class).await();
 *   String b = ctx.callActivity("say_hello", "London", String.class).await();
 *   return List.of(a, b);
 * };
 * }</pre>
 *
 * @param <R> the output type
 */
@FunctionalInterface
public interface Orchestrator<R> {

  /**
   * Runs the orchestration. The returned value is its output; an exception fails it with the
   * exception's details.
   */
  R run(OrchestrationContext ctx) throws Exception;
}
