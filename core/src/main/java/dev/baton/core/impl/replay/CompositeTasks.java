package dev.baton.core.impl.replay;

import dev.baton.core.orchestration.Task;
import java.util.ArrayList;
import java.util.List;

/** {@code allOf} and {@code anyOf} over tasks of one execution. */
final class CompositeTasks {

  private CompositeTasks() {}

  static <T> TaskImpl<List<T>> allOf(ExecutionContext ctx, List<Task<T>> tasks) {
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

  static TaskImpl<Task<?>> anyOf(ExecutionContext ctx, List<? extends Task<?>> tasks) {
    var any = new TaskImpl<Task<?>>(ctx);
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("anyOf needs at least one task");
    }
    for (Task<?> t : tasks) {
      TaskImpl<?> part = ctx.own(t);
      part.onDone(() -> any.complete(part));
    }
    return any;
  }
}
