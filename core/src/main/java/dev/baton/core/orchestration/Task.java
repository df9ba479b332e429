package dev.baton.core.orchestration;

import java.util.function.Function;

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
 * <p>Tasks compose without awaiting: {@link #thenApply} transforms a result, {@link #thenCompose}
 * starts the next durable call from it. The functions run in orchestrator code at the point where
 * the task completes, which is the same point on every replay.
 *
 * <pre>{@code
 * Task<Integer> length = ctx.callActivity("fetch", url, String.class).thenApply(String::length);
 * Task<Receipt> paid = ctx.callActivity("quote", cart, Price.class)
 *     .thenCompose(price -> ctx.callActivity("charge", price, Receipt.class));
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

  /**
   * A task that completes with {@code fn} applied to this task's result. It fails with this task's
   * failure (without calling {@code fn}), or with what {@code fn} throws. {@code fn} runs in
   * orchestrator code when this task completes, so it must be deterministic; it may start durable
   * calls but must not await any task.
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} when {@code fn} is null
   */
  <R> Task<R> thenApply(Function<? super T, ? extends R> fn);

  /**
   * A task that completes as the task {@code fn} returns for this task's result: the way to start
   * one durable call from the result of another without awaiting in between. It fails with this
   * task's failure (without calling {@code fn}), with what {@code fn} throws, or with the returned
   * task's failure. The same rules as {@link #thenApply} hold for {@code fn}; the task it returns
   * must belong to the same orchestration.
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} when {@code fn} is null
   */
  <R> Task<R> thenCompose(Function<? super T, ? extends Task<R>> fn);
}
