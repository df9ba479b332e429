package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent.ExecutionStarted;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a start writes, idempotently: its status row (inserted, or taken over from a finished
 * instance or an orphaned start) and then its start message. Either may be retried after a failure
 * that may pass, and a retry that finds the row this very start wrote (same execution id: an
 * attempt whose answer was lost) counts it written; a start message sent twice is applied once.
 * Stateless; called from any thread.
 */
final class StartWrites {

  /** Attempts of a start's row write and of its message send before the start fails. */
  private static final int TRIES = 3;

  private static final long RETRY_DELAY_MS = 50;

  private final BatonImpl engine;

  StartWrites(BatonImpl engine) {
    this.engine = engine;
  }

  /** Writes the row {@code record} of the start {@code started}, then sends its message. */
  Future<Void> write(InstanceRecord record, ExecutionStarted started) {
    String id = record.instanceId();
    return claimRow(record, engine.store().instances().insert(record), TRIES)
        .compose(
            etag -> {
              engine.startRowEtags().put(id, record.executionId(), etag);
              Duration delay =
                  started.scheduledStartTime() == null
                      ? Duration.ZERO
                      : Duration.between(started.timestamp(), started.scheduledStartTime());
              return retrying(
                  () ->
                      engine.sendControl(
                          List.of(new ControlMessage(id, started.executionId(), started)), delay),
                  TRIES);
            });
  }

  /**
   * Completes when {@code attempt} (an insert or a takeover of a start's row) wrote the row, or a
   * retry finds the row written by this very start (same execution id: an attempt whose answer was
   * lost). A row of another execution is taken over only when it is finished or an orphaned start.
   */
  private Future<String> claimRow(InstanceRecord record, Future<String> attempt, int tries) {
    var instances = engine.store().instances();
    String id = record.instanceId();
    return attempt.recover(
        t -> {
          boolean exists = StoreException.is(t, StoreException.Reason.ALREADY_EXISTS);
          boolean again =
              exists || StoreException.is(t, StoreException.Reason.CONFLICT) || mayPass(t);
          if (tries <= 0 || !again || tries <= 1 && !exists) {
            return Future.failedFuture(t);
          }
          return instances
              .get(id)
              .compose(
                  existing -> {
                    if (existing == null) {
                      return claimRow(record, instances.insert(record), tries - 1);
                    }
                    InstanceRecord row = existing.value();
                    if (row.executionId().equals(record.executionId())) {
                      return Future.succeededFuture(existing.etag()); // our own, answer lost
                    }
                    Future<Boolean> free =
                        row.status().isFinished()
                            ? Future.succeededFuture(true)
                            : isOrphanedStart(row, record.createdAt());
                    return free.compose(
                        yes ->
                            yes
                                ? claimRow(
                                    record, instances.update(record, existing.etag()), tries - 1)
                                : Future.failedFuture(
                                    new BatonException(
                                        ErrorCode.INSTANCE_EXISTS,
                                        "an instance with id '"
                                            + id
                                            + "' is "
                                            + row.status().wireName()
                                            + "; wait for it to finish, terminate it, or choose"
                                            + " another id")));
                  });
        });
  }

  /** Whether a store call's failure may pass on a retry. */
  private static boolean mayPass(Throwable t) {
    return !(t instanceof StoreException se) || se.reason() == StoreException.Reason.UNAVAILABLE;
  }

  /** Attempts a store call that may be repeated safely, again after a failure that may pass. */
  private <T> Future<T> retrying(Supplier<Future<T>> call, int tries) {
    return call.get()
        .recover(
            t -> {
              if (tries <= 1 || !mayPass(t)) {
                return Future.failedFuture(t);
              }
              Promise<T> again = Promise.promise();
              engine
                  .vertx()
                  .setTimer(RETRY_DELAY_MS, id -> retrying(call, tries - 1).onComplete(again));
              return again.future();
            });
  }

  /**
   * Whether a Pending row was left by a start whose message was never sent (its client stopped
   * between the row and the message): it has no history, and it has been due for twice the
   * visibility timeout, longer than any live start message waits for its partition. Such a row no
   * longer holds its id; a new start takes it over.
   */
  private Future<Boolean> isOrphanedStart(InstanceRecord row, Instant now) {
    if (row.status() != RuntimeStatus.PENDING) {
      return Future.succeededFuture(false);
    }
    Instant due =
        row.scheduledStartTime() != null && row.scheduledStartTime().isAfter(row.createdAt())
            ? row.scheduledStartTime()
            : row.createdAt();
    if (due.plus(engine.options().getVisibilityTimeout().multipliedBy(2)).isAfter(now)) {
      return Future.succeededFuture(false);
    }
    return engine.store().history().load(row.instanceId()).map(h -> h.events().isEmpty());
  }

  /**
   * How long a message to an instance waits: until its scheduled start when it has not started (so
   * it arrives with its start and is applied after it), else not at all.
   */
  static Duration untilStart(InstanceRecord row, Instant now) {
    if (row.status() != RuntimeStatus.PENDING
        || row.scheduledStartTime() == null
        || !row.scheduledStartTime().isAfter(now)) {
      return Duration.ZERO;
    }
    return Duration.between(now, row.scheduledStartTime());
  }
}
