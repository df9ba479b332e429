package dev.baton.core.impl.replay;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.orchestration.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A task of one execution. Completed on the orchestrator thread while it consumes history events;
 * continuations run at once, in registration order, so composites and retries stay deterministic.
 */
class TaskImpl<T> implements Task<T> {

  private final ExecutionContext ctx;
  private boolean done;
  private T value;
  private RuntimeException failure;
  private List<Runnable> continuations;

  TaskImpl(ExecutionContext ctx) {
    this.ctx = ctx;
  }

  ExecutionContext owner() {
    return ctx;
  }

  @Override
  public T await() {
    ctx.awaitDone(this);
    return result();
  }

  @Override
  public <R> Task<R> thenApply(Function<? super T, ? extends R> fn) {
    requireFunction(fn, "thenApply");
    return then(v -> ctx.inContinuation(() -> fn.apply(v)), TaskImpl<R>::complete);
  }

  @Override
  public <R> Task<R> thenCompose(Function<? super T, ? extends Task<R>> fn) {
    requireFunction(fn, "thenCompose");
    return then(
        v -> {
          Task<R> returned = ctx.inContinuation(() -> fn.apply(v));
          if (returned == null) {
            throw new BatonException(
                ErrorCode.INVALID_ARGUMENT,
                "the function given to thenCompose returned null; return a task (use thenApply"
                    + " for a plain value)");
          }
          return ctx.own(returned);
        },
        (TaskImpl<R> next, TaskImpl<R> inner) ->
            inner.onDone(
                () -> {
                  if (inner.isFailed()) {
                    next.fail(inner.failure());
                  } else {
                    next.complete(inner.result());
                  }
                }));
  }

  /**
   * A task that, once this one is done, fails with its failure, or with what {@code step} throws on
   * its value; else {@code finish} settles it with what {@code step} returned (outside the catch,
   * so what the new task's own continuations throw is not taken for the step's failure).
   */
  private <R, U> Task<R> then(Function<T, U> step, BiConsumer<TaskImpl<R>, U> finish) {
    var next = new TaskImpl<R>(ctx);
    onDone(
        () -> {
          if (failure != null) {
            next.fail(failure);
            return;
          }
          U stepped;
          try {
            stepped = step.apply(value);
          } catch (RuntimeException e) {
            next.fail(e);
            return;
          }
          finish.accept(next, stepped);
        });
    return next;
  }

  private void requireFunction(Object fn, String method) {
    ctx.checkCallerForTasks();
    if (fn == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, method + " needs a function, got null");
    }
  }

  /** The result of a done task; throws its failure. */
  T result() {
    if (failure != null) {
      throw failure;
    }
    return value;
  }

  @Override
  public boolean isDone() {
    return done;
  }

  @Override
  public boolean isFailed() {
    return failure != null;
  }

  RuntimeException failure() {
    return failure;
  }

  void complete(T value) {
    if (done) {
      return;
    }
    this.value = value;
    finish();
  }

  void fail(RuntimeException failure) {
    if (done) {
      return;
    }
    this.failure = failure;
    finish();
  }

  /** Runs {@code continuation} when the task is done (at once when it already is). */
  void onDone(Runnable continuation) {
    if (done) {
      continuation.run();
      return;
    }
    if (continuations == null) {
      continuations = new ArrayList<>(2);
    }
    continuations.add(continuation);
  }

  private void finish() {
    done = true;
    if (continuations != null) {
      List<Runnable> toRun = continuations;
      continuations = null;
      for (Runnable r : toRun) {
        r.run();
      }
    }
  }
}
