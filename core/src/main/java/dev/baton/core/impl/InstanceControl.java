package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.StartOptions;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The client's requests to a running instance: raise an event, suspend, resume, terminate, rewind,
 * restart. Each reads the status row first, refuses what the instance's state does not allow (a
 * clear error, nothing silently dropped), then sends a control message that the owning partition
 * applies in order with the instance's other events. A send that fails in a way that may pass is
 * made again with the same event, so a request whose answer was lost is not refused on its retry
 * for the state it caused itself: the partition recognises the copy and drops it.
 */
final class InstanceControl {

  /** Attempts of a request's send before the request fails. */
  private static final int TRIES = 3;

  private static final long RETRY_DELAY_MS = 50;

  private final BatonImpl engine;
  private final DurableClientImpl client;

  InstanceControl(BatonImpl engine, DurableClientImpl client) {
    this.engine = engine;
    this.client = client;
  }

  Future<Void> raiseEvent(String instanceId, String eventName, Object eventData) {
    if (eventName == null || eventName.isBlank()) {
      return Future.failedFuture(
          new BatonException(ErrorCode.INVALID_ARGUMENT, "an event name must not be blank"));
    }
    return json(eventData)
        .compose(
            data ->
                send(
                    instanceId,
                    "raise event '" + eventName + "' to",
                    row -> null,
                    () ->
                        new HistoryEvent.EventRaised(
                            engine.clock().instant(), eventName, data, InstanceIds.uuid())));
  }

  Future<Void> suspend(String instanceId, String reason) {
    return json(reason)
        .compose(
            why ->
                send(
                    instanceId,
                    "suspend",
                    row ->
                        row.status() == RuntimeStatus.PENDING
                            ? "it has not started yet; suspend it once it is Running"
                            : null,
                    () -> new HistoryEvent.ExecutionSuspended(engine.clock().instant(), why)));
  }

  Future<Void> resume(String instanceId, String reason) {
    return json(reason)
        .compose(
            why ->
                send(
                    instanceId,
                    "resume",
                    row ->
                        row.status() != RuntimeStatus.SUSPENDED
                            ? "it is "
                                + row.status().wireName()
                                + ", not Suspended; only a suspended instance can be resumed"
                            : null,
                    () -> new HistoryEvent.ExecutionResumed(engine.clock().instant(), why)));
  }

  Future<Void> rewind(String instanceId, String reason) {
    return json(reason).compose(why -> row(instanceId).compose(row -> rewind(row, why)));
  }

  private Future<Void> rewind(InstanceRecord row, String why) {
    if (row.status() != RuntimeStatus.FAILED) {
      return Future.failedFuture(
          new BatonException(
              ErrorCode.INVALID_STATE,
              "cannot rewind instance '"
                  + row.instanceId()
                  + "': it is "
                  + row.status().wireName()
                  + "; only a Failed instance can be rewound"));
    }
    var event = new HistoryEvent.ExecutionRewound(engine.clock().instant(), why);
    return sendRetrying(
        List.of(new ControlMessage(row.instanceId(), row.executionId(), event)),
        Duration.ZERO,
        TRIES);
  }

  Future<Void> terminate(String instanceId, String reason) {
    return json(reason)
        .compose(
            why ->
                row(instanceId)
                    .compose(
                        row -> {
                          if (row.status().isFinished()) {
                            return Future.failedFuture(
                                new BatonException(
                                    ErrorCode.INVALID_STATE,
                                    "instance '"
                                        + instanceId
                                        + "' has already finished ("
                                        + row.status().wireName()
                                        + "); there is nothing to terminate"));
                          }
                          Instant now = engine.clock().instant();
                          var event = new HistoryEvent.ExecutionTerminated(now, why);
                          return sendRetrying(
                              List.of(new ControlMessage(instanceId, row.executionId(), event)),
                              StartWrites.untilStart(row, now),
                              TRIES);
                        }));
  }

  Future<String> restart(String instanceId, boolean restartWithNewInstanceId) {
    return row(instanceId)
        .compose(
            row -> {
              var options =
                  new StartOptions()
                      .setInstanceId(restartWithNewInstanceId ? InstanceIds.random() : instanceId)
                      .setVersion(row.version())
                      .setTags(row.tags());
              return client.schedule(row.name(), row.input(), options);
            });
  }

  /**
   * Sends the event {@code make} builds to a live instance. {@code refusal} names a state that does
   * not allow it ({@code null}: allowed); a finished instance is always refused.
   */
  private Future<Void> send(
      String instanceId,
      String what,
      Function<InstanceRecord, String> refusal,
      Supplier<HistoryEvent> make) {
    return row(instanceId)
        .compose(
            row -> {
              String refused =
                  row.status().isFinished()
                      ? "it has already finished ("
                          + row.status().wireName()
                          + "); nothing was sent"
                      : refusal.apply(row);
              if (refused != null) {
                return Future.failedFuture(
                    new BatonException(
                        ErrorCode.INVALID_STATE,
                        "cannot " + what + " instance '" + instanceId + "': " + refused));
              }
              // a suspend or resume is for the execution the row shows (or those it continues
              // as new into), so a late copy does not reach a new start of the same id; an event
              // goes to whichever execution is current
              HistoryEvent event = make.get();
              String executionId =
                  event instanceof HistoryEvent.EventRaised ? null : row.executionId();
              return sendRetrying(
                  List.of(new ControlMessage(instanceId, executionId, event)),
                  StartWrites.untilStart(row, engine.clock().instant()),
                  TRIES);
            });
  }

  /**
   * Sends {@code messages}, again (the same messages) after a failure that may pass: the store may
   * have taken a send whose answer was lost, and the partition drops the copy it then gets.
   */
  private Future<Void> sendRetrying(List<ControlMessage> messages, Duration delay, int tries) {
    return engine
        .sendControl(messages, delay)
        .recover(
            t -> {
              if (tries <= 1
                  || t instanceof StoreException se
                      && se.reason() != StoreException.Reason.UNAVAILABLE) {
                return Future.failedFuture(t);
              }
              Promise<Void> again = Promise.promise();
              engine
                  .vertx()
                  .setTimer(
                      RETRY_DELAY_MS,
                      id -> sendRetrying(messages, delay, tries - 1).onComplete(again));
              return again.future();
            });
  }

  /** The status row; fails with INVALID_INSTANCE_ID or INSTANCE_NOT_FOUND. */
  private Future<InstanceRecord> row(String instanceId) {
    return Checks.check(() -> InstanceIds.validate(instanceId))
        .compose(v -> engine.store().instances().get(instanceId))
        .compose(
            v ->
                v == null
                    ? Future.failedFuture(
                        new BatonException(
                            ErrorCode.INSTANCE_NOT_FOUND,
                            "no instance has the id '" + instanceId + "'"))
                    : Future.succeededFuture(v.value()));
  }

  private Future<String> json(Object value) {
    return Checks.attempt(() -> engine.converter().serialize(value));
  }
}
