package dev.baton.core.impl;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.ExecutionCompleted;
import dev.baton.core.history.HistoryEvent.ExecutionStarted;
import dev.baton.core.impl.entity.EntityRouting;
import dev.baton.core.spi.ActivityWorkItem;
import dev.baton.core.spi.ControlMessage;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an orchestration's committed episode sends, by the events it added: work items (run by the
 * calling partition's worker where it has a token and slots, else queued), timers, events to other
 * instances, sub-orchestration starts, the next execution's start, notices to a parent and entity
 * messages. Every future fails when a send did: the episode's messages are then not deleted.
 */
final class EpisodeSends {

  private final BatonImpl engine;

  EpisodeSends(BatonImpl engine) {
    this.engine = engine;
  }

  /**
   * Sends a timer's message, due at its fire time (re-sent when longer than a message holds); the
   * future fails when the send did, and the episode that made the timer must then not complete.
   */
  Future<Void> timer(
      String instanceId, String executionId, HistoryEvent.TimerFired timer, Instant now) {
    Duration delay = Duration.between(now, timer.fireAt());
    if (delay.isNegative()) {
      delay = Duration.ZERO;
    }
    if (delay.compareTo(BatonImpl.MAX_MESSAGE_DELAY) > 0) {
      delay = BatonImpl.MAX_MESSAGE_DELAY;
    }
    return engine.sendControl(List.of(new ControlMessage(instanceId, executionId, timer)), delay);
  }

  /** Sends what an episode's new events call for: work items, timers, parent notices. */
  Future<Void> effects(String instanceId, ExecutionStarted started, List<HistoryEvent> events) {
    return effects(instanceId, started, events, null, null);
  }

  /**
   * As above; new work items wake {@code localWorker} (the sending partition's, on the caller's
   * context) instead of the standalone worker. With a {@code token} (see {@link
   * PartitionMessages.Token}), that worker runs as many as it has slots for at once, without the
   * queue; the rest are queued.
   */
  Future<Void> effects(
      String instanceId,
      ExecutionStarted started,
      List<HistoryEvent> events,
      ActivityWorker localWorker,
      PartitionMessages.Token token) {
    engine.tracing().committed(instanceId, events);
    List<ActivityWorkItem> work = null;
    List<ControlMessage> control = null;
    List<Future<Void>> sends = new ArrayList<>(2);
    Instant now = engine.clock().instant();
    String executionId = started.executionId();
    for (HistoryEvent e : events) {
      switch (e) {
        case HistoryEvent.TaskScheduled s -> {
          if (work == null) {
            work = new ArrayList<>();
          }
          work.add(EngineTracing.workItem(instanceId, executionId, s));
        }
        case HistoryEvent.TimerCreated t ->
            sends.add(
                timer(
                    instanceId,
                    executionId,
                    new HistoryEvent.TimerFired(t.fireAt(), t.taskId(), t.fireAt()),
                    now));
        case HistoryEvent.EventSent s -> {
          if (control == null) {
            control = new ArrayList<>();
          }
          control.add(OrchestrationMessages.event(instanceId, executionId, s));
        }
        case HistoryEvent.SubOrchestrationScheduled s -> {
          if (control == null) {
            control = new ArrayList<>();
          }
          control.add(OrchestrationMessages.childStart(instanceId, executionId, s, now));
        }
        case ExecutionCompleted c when c.status() == RuntimeStatus.CONTINUED_AS_NEW -> {
          if (control == null) {
            control = new ArrayList<>();
          }
          ExecutionStarted next = OrchestrationMessages.nextExecution(started, c.result(), now);
          control.add(new ControlMessage(instanceId, next.executionId(), next));
        }
        case ExecutionCompleted c when started.parentInstanceId() != null -> {
          if (control == null) {
            control = new ArrayList<>();
          }
          control.add(parentNotice(started, c));
        }
        case HistoryEvent.ExecutionTerminated t when started.parentInstanceId() != null -> {
          if (control == null) {
            control = new ArrayList<>();
          }
          control.add(OrchestrationMessages.childTerminated(started, t.timestamp(), t.reason()));
        }
        default -> {
          List<ControlMessage> toEntities = EntityRouting.messages(e);
          if (!toEntities.isEmpty()) {
            if (control == null) {
              control = new ArrayList<>();
            }
            control.addAll(toEntities);
          }
        }
      }
    }
    if (work != null && token != null) {
      int taken = localWorker.runLocally(work, token);
      work = taken == work.size() ? null : work.subList(taken, work.size());
    }
    if (work != null) {
      sends.add(
          engine
              .store()
              .workItemQueue()
              .send(work, Duration.ZERO)
              .onSuccess(
                  v -> {
                    if (localWorker != null) {
                      localWorker.wakeFromAnyThread();
                    } else {
                      engine.wakeWorker();
                    }
                  }));
    }
    if (control != null) {
      sends.add(engine.sendControl(control, Duration.ZERO));
    }
    // every send is awaited: the episode's messages are deleted only once all of them are stored
    return sends.isEmpty() ? Future.succeededFuture() : Future.all(sends).mapEmpty();
  }

  private static ControlMessage parentNotice(ExecutionStarted child, ExecutionCompleted c) {
    HistoryEvent notice =
        c.status() == dev.baton.core.RuntimeStatus.COMPLETED
            ? new HistoryEvent.SubOrchestrationCompleted(
                c.timestamp(), child.parentTaskId(), c.result())
            : new HistoryEvent.SubOrchestrationFailed(
                c.timestamp(),
                child.parentTaskId(),
                Objects.requireNonNullElse(
                    c.failure(),
                    new dev.baton.core.FailureDetails(
                        "dev.baton.core.BatonException",
                        "sub-orchestration ended as " + c.status().wireName(),
                        "",
                        null)));
    return new ControlMessage(child.parentInstanceId(), child.parentExecutionId(), notice);
  }
}
