package dev.baton.core.activity;

/**
 * An activity: a plain function an orchestration calls, where all I/O and side effects belong. It
 * runs off the event loop (on a virtual thread), so it may block. It runs at least once per call;
 * make it idempotent where a second run would do harm.
 *
 * <pre>{@code
 * Activity<String> hello = ctx -> "Hello " + ctx.input(String.class) + "!";
 * }</pre>
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface Activity<R> {

  /** Runs the activity; the result goes to the orchestration, an exception fails the call. */
  R run(ActivityContext ctx) throws Exception;
}
