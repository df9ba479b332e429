package dev.baton.core.impl.entity;

import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EntityLockGranted;
import dev.baton.core.history.HistoryEvent.EntityLockReleased;
import dev.baton.core.history.HistoryEvent.EntityLockRequested;
import dev.baton.core.history.HistoryEvent.EntityOperationCompleted;
import dev.baton.core.history.HistoryEvent.EntityOperationFailed;
import dev.baton.core.history.HistoryEvent.EntityOperationRequested;
import dev.baton.core.spi.ControlMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the orchestration side of the engine needs to know about entity events: which are actions,
 * which complete a call, and where their messages go.
 */
public final class EntityRouting {

  private EntityRouting() {}

  /** Whether {@code instanceId} is an entity's ({@code @name@key}). */
  public static boolean isEntity(String instanceId) {
    return instanceId != null && !instanceId.isEmpty() && instanceId.charAt(0) == '@';
  }

  /** The source name of an orchestration execution, as it sends to entities. */
  public static String orchestrationSource(String instanceId, String executionId) {
    return instanceId + "#" + executionId;
  }

  /** The sequence number of the call an entity event completes, or -1. */
  public static int completionTaskId(HistoryEvent e) {
    return switch (e) {
      case EntityOperationCompleted c -> c.taskId();
      case EntityOperationFailed f -> f.taskId();
      case EntityLockGranted g -> g.taskId();
      default -> -1;
    };
  }

  /** The sequence number of an orchestration's entity action, or -1. */
  public static int actionTaskId(HistoryEvent e) {
    return switch (e) {
      case EntityOperationRequested r -> r.taskId();
      case EntityLockRequested r -> r.taskId();
      case EntityLockReleased r -> r.taskId();
      default -> -1;
    };
  }

  /** Whether an orchestration's entity action waits for an answer (a call or a lock). */
  public static boolean isOpenCall(HistoryEvent e) {
    return e instanceof EntityOperationRequested r && !r.signal()
        || e instanceof EntityLockRequested;
  }

  /** The messages an orchestration's entity action sends; empty for any other event. */
  public static List<ControlMessage> messages(HistoryEvent e) {
    return switch (e) {
      case EntityOperationRequested r -> List.of(new ControlMessage(r.target(), null, r));
      case EntityLockRequested r ->
          List.of(new ControlMessage(r.lockSet().get(r.position()), null, r));
      case EntityLockReleased r -> {
        List<ControlMessage> out = new ArrayList<>(r.lockSet().size());
        for (String target : r.lockSet()) {
          out.add(new ControlMessage(target, null, r));
        }
        yield out;
      }
      default -> List.of();
    };
  }

  /**
   * For a lock grant that no running execution is waiting for (the orchestration ended, or another
   * execution runs under its id): the messages that release the lock. Empty for other events.
   */
  public static List<ControlMessage> releaseUnwanted(HistoryEvent e, Instant now) {
    if (e instanceof EntityLockGranted g) {
      return messages(new EntityLockReleased(now, -1, g.lockRequestId(), g.lockSet()));
    }
    return List.of();
  }
}
