package dev.baton.core.orchestration;

/**
 * The pending result of a durable call made from orchestrator code: an activity, a timer, an
 * external event, a sub-orchestration. {@link #await()} reads like a blocking call, but the
 * orchestrator never holds an event loop: while it waits, its execution is parked and the engine
 * commits its progress.
 *
 * <pre>{@code
 * Task<Integer> a = ctx.callActivity("count", "x", Integer.class);
 * Task<Integer> b = ctx.callActivity("count", "y", Integer.class);
 * int total = a.await() + b.await(); // both run in parallel
 * }</pre>
 *
 * <p>A task belongs to the orchestration that created it and may be awaited only from its code.
 *
 * @param <T> the result type
 */
public interface Task<T> {

  /**
   * Waits for the result and returns it.
   *
   * @throws TaskFailedException when the call failed (its failure details are attached)
   * @throws dev.baton.core.BatonException with {@code DESERIALIZATION} when the result does not fit
   *     the requested type
   */
  T await();

  /** Whether the result (or failure) is known. */
  boolean isDone();

  /** Whether the task has completed with a failure. */
  boolean isFailed();
}
