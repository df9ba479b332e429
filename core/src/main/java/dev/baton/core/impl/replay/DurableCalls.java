package dev.baton.core.impl.replay;

import dev.baton.core.BatonException;
import dev.baton.core.DataConverter;
import dev.baton.core.ErrorCode;
import dev.baton.core.history.HistoryEvent.SubOrchestrationCompleted;
import dev.baton.core.history.HistoryEvent.SubOrchestrationFailed;
import dev.baton.core.history.HistoryEvent.SubOrchestrationScheduled;
import dev.baton.core.history.HistoryEvent.TaskCompleted;
import dev.baton.core.history.HistoryEvent.TaskFailed;
import dev.baton.core.history.HistoryEvent.TaskScheduled;
import dev.baton.core.impl.InstanceIds;
import dev.baton.core.impl.entity.EntityRouting;
import dev.baton.core.orchestration.SubOrchestrationOptions;
import dev.baton.core.orchestration.TaskFailedException;
import dev.baton.core.orchestration.TaskOptions;
import dev.baton.core.orchestration.TaskTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An execution's calls that are actions with a result: activities and sub-orchestrations, and the
 * options any durable call may carry (retries, a timeout). Each attempt is an action with a
 * sequence number, matched against history on replay. Used only from the execution's thread.
 */
final class DurableCalls {

  private final ExecutionContext ctx;
  private final DataConverter converter;

  DurableCalls(ExecutionContext ctx, DataConverter converter) {
    this.ctx = ctx;
    this.converter = converter;
  }

  <T> TaskImpl<T> activity(String name, Object input, Class<T> type, TaskOptions options) {
    if (name == null || name.isBlank()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "an activity name must not be blank");
    }
    String inputJson = converter.serialize(input);
    return withOptions(() -> scheduleActivity(name, inputJson, type), options, "activity", name);
  }

  <T> TaskImpl<T> subOrchestration(
      String name, Object input, Class<T> type, SubOrchestrationOptions options) {
    ctx.checkNoCriticalSection("start a sub-orchestration");
    if (name == null || name.isBlank()) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "a sub-orchestrator name must not be blank");
    }
    String chosenId = options == null ? null : options.getInstanceId();
    if (chosenId != null) {
      InstanceIds.validate(chosenId);
      if (EntityRouting.isEntity(chosenId)) {
        throw new BatonException(
            ErrorCode.INVALID_INSTANCE_ID,
            "instance id '" + chosenId + "' starts with '@', which marks entities");
      }
    }
    String version =
        options == null || options.getVersion() == null ? ctx.version() : options.getVersion();
    Map<String, String> tags = options == null ? null : options.getTags();
    String inputJson = converter.serialize(input);
    return withOptions(
        () -> scheduleSubOrchestration(name, chosenId, version, inputJson, tags, type),
        options,
        "sub-orchestration",
        name);
  }

  /**
   * The call {@code attempt} makes, retried and bounded in time as {@code options} say ({@code
   * null}: one attempt, no limit). {@code kind} and {@code name} describe it in a timeout error.
   */
  <T> TaskImpl<T> withOptions(
      Supplier<TaskImpl<T>> attempt, TaskOptions options, String kind, String name) {
    if (options == null) {
      return attempt.get();
    }
    TaskImpl<T> task =
        options.getRetryPolicy() == null && options.getRetryHandler() == null
            ? attempt.get()
            : Retries.retrying(ctx, attempt, options.getRetryPolicy(), options.getRetryHandler());
    Duration timeout = options.getTimeout();
    return timeout == null ? task : within(task, timeout, kind, name);
  }

  /**
   * {@code task}, or a {@code TIMEOUT} failure when a durable timer of {@code timeout} fires first.
   */
  private <T> TaskImpl<T> within(TaskImpl<T> task, Duration timeout, String kind, String name) {
    if (task.isDone()) {
      return task;
    }
    var bounded = new TaskImpl<T>(ctx);
    task.onDone(
        () -> {
          if (task.isFailed()) {
            bounded.fail(task.failure());
          } else {
            bounded.complete(task.result());
          }
        });
    ctx.createTimerTask(ctx.now().plus(timeout))
        .onDone(
            () ->
                bounded.fail(
                    new TaskTimeoutException(
                        name,
                        timeout,
                        kind
                            + " '"
                            + name
                            + "' did not finish within "
                            + timeout
                            + "; it is not cancelled and its late result is ignored")));
    return bounded;
  }

  private <T> TaskImpl<T> scheduleActivity(String name, String inputJson, Class<T> type) {
    int id = ctx.allocateTaskId();
    ctx.recordAction(new TaskScheduled(ctx.now(), id, name, inputJson));
    var task = new TaskImpl<T>(ctx);
    ctx.expect(
        id,
        e -> {
          if (e instanceof TaskCompleted c) {
            deliver(task, c.result(), type);
          } else if (e instanceof TaskFailed f) {
            task.fail(new TaskFailedException(name, id, f.failure()));
          }
        });
    return task;
  }

  private <T> TaskImpl<T> scheduleSubOrchestration(
      String name,
      String chosenId,
      String version,
      String inputJson,
      Map<String, String> tags,
      Class<T> type) {
    int id = ctx.allocateTaskId();
    String childId = chosenId != null ? chosenId : ctx.derivedChildId(id);
    ctx.recordAction(
        new SubOrchestrationScheduled(ctx.now(), id, name, childId, version, inputJson, tags));
    var task = new TaskImpl<T>(ctx);
    ctx.expect(
        id,
        e -> {
          if (e instanceof SubOrchestrationCompleted c) {
            deliver(task, c.result(), type);
          } else if (e instanceof SubOrchestrationFailed f) {
            task.fail(new TaskFailedException(name, id, f.failure()));
          }
        });
    return task;
  }

  private <T> void deliver(TaskImpl<T> task, String json, Class<T> type) {
    if (type == Void.class) {
      task.complete(null); // the caller does not want the result: it is not read at all
      return;
    }
    try {
      task.complete(converter.deserialize(json, type));
    } catch (RuntimeException bad) {
      task.fail(bad);
    }
  }
}
