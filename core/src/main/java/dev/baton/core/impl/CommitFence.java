package dev.baton.core.impl;

import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * The stop fence of one partition. It closes when the partition's stop has finished waiting for the
 * commits under way; from then on whatever is still under way (an orchestration's commit, an
 * entity's episode, the re-sends after a redelivery) writes nothing more, since the partition's
 * lease may be another engine's by now. What was already stored is guarded by ETags; what was not
 * is left to the next owner, which gets the episode's messages again. Touched only on the
 * partition's context.
 *
 * <pre>{@code
 * history.append(id, etag, events)
 *     .compose(e -> fence.unlessClosed(id, () -> sendTheOutbox()));
 * }</pre>
 */
public final class CommitFence {

  private boolean closed;

  CommitFence() {}

  /** Closes the fence: the partition has stopped. */
  void close() {
    closed = true;
  }

  /** Whether the partition has stopped. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * {@code next}, unless the partition has stopped: then a {@code CONFLICT} naming {@code
   * instanceId}, and {@code next} is not called, so nothing is written.
   */
  public <T> Future<T> unlessClosed(String instanceId, Supplier<Future<T>> next) {
    if (closed) {
      return Future.failedFuture(
          new StoreException(
              StoreException.Reason.CONFLICT,
              "partition stopped during the commit of '"
                  + instanceId
                  + "': its lease may be another engine's, so the rest of the commit is left to"
                  + " the next owner"));
    }
    return next.get();
  }
}
