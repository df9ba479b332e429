package dev.baton.core.impl.replay;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.orchestration.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code allOf} and {@code anyOf} over tasks of one execution. */
final class CompositeTasks {

  private CompositeTasks() {}

  static <T> TaskImpl<List<T>> allOf(ExecutionContext ctx, List<Task<T>> tasks) {
    if (tasks == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "allOf needs a list of tasks, got null");
    }
    var all = new TaskImpl<List<T>>(ctx);
    List<TaskImpl<T>> parts = new ArrayList<>(tasks.size());
    for (Task<T> t : tasks) {
      parts.add(ctx.own(t));
    }
    if (parts.isEmpty()) {
      all.complete(List.of());
      return all;
    }
    int[] remaining = {parts.size()};
    Runnable onPartDone =
        () -> {
          if (--remaining[0] > 0) {
            return;
          }
          List<T> results = new ArrayList<>(parts.size());
          for (TaskImpl<T> part : parts) {
            if (part.isFailed()) {
              all.fail(part.failure());
              return;
            }
            results.add(part.result());
          }
          all.complete(results);
        };
    for (TaskImpl<T> part : parts) {
      part.onDone(onPartDone);
    }
    return all;
  }

  /** {@code allOf} over tasks of any types: completes with {@code null}. */
  static TaskImpl<Void> allDone(ExecutionContext ctx, Task<?>[] tasks) {
    if (tasks == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "allOf needs tasks, got null");
    }
    @SuppressWarnings("unchecked") // the results are not read as T, only the outcome is used
    List<Task<Object>> list = (List<Task<Object>>) (List<?>) Arrays.asList(tasks);
    TaskImpl<List<Object>> all = allOf(ctx, list);
    var done = new TaskImpl<Void>(ctx);
    all.onDone(
        () -> {
          if (all.isFailed()) {
            done.fail(all.failure());
          } else {
            done.complete(null);
          }
        });
    return done;
  }

  static TaskImpl<Task<?>> anyOf(ExecutionContext ctx, List<? extends Task<?>> tasks) {
    if (tasks == null || tasks.isEmpty()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "anyOf needs at least one task");
    }
    List<TaskImpl<?>> parts = new ArrayList<>(tasks.size());
    for (Task<?> t : tasks) {
      parts.add(ctx.own(t));
    }
    var any = new TaskImpl<Task<?>>(ctx);
    for (TaskImpl<?> part : parts) {
      part.onDone(() -> any.complete(part));
    }
    return any;
  }
}
