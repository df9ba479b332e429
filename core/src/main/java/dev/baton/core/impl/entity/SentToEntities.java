package dev.baton.core.impl.entity;

import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EntityLockReleased;
import dev.baton.core.history.HistoryEvent.EntityLockRequested;
import dev.baton.core.history.HistoryEvent.EntityOperationRequested;
import dev.baton.core.spi.ControlMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an orchestration execution has sent to entities, folded from its history: the one-way
 * messages (sent again after a redelivery shows the last commit may not have sent them; entities
 * drop what they already have) and the critical section it has asked for and not released, which
 * the engine releases when the execution ends.
 */
public final class SentToEntities {

  private final List<HistoryEvent> oneWay = new ArrayList<>();
  private EntityLockRequested lock;

  /** Forgets everything: a new execution starts. */
  public void reset() {
    oneWay.clear();
    lock = null;
  }

  /** Folds one history event of the execution. */
  public void fold(HistoryEvent e) {
    switch (e) {
      case EntityOperationRequested r when r.signal() -> oneWay.add(r);
      case EntityLockRequested r -> lock = r;
      case EntityLockReleased r -> {
        oneWay.add(r);
        if (lock != null && lock.requestId().equals(r.lockRequestId())) {
          lock = null;
        }
      }
      default -> {}
    }
  }

  /** The signals and releases of the execution, in order. */
  public List<HistoryEvent> oneWay() {
    return List.copyOf(oneWay);
  }

  /** The messages that release the execution's critical section, if it has one. */
  public List<ControlMessage> releaseAtEnd(Instant now) {
    if (lock == null) {
      return List.of();
    }
    return EntityRouting.messages(
        new EntityLockReleased(now, -1, lock.requestId(), lock.lockSet()));
  }
}
