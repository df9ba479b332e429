package dev.baton.web.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.GetInstanceOptions;
import dev.baton.core.client.RestartOptions;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The routes that act on a live instance: raise an event, suspend, resume, rewind, restart. Each
 * answers as Durable Functions' HTTP API does: 202 when accepted, 404 for an unknown instance, 410
 * when it has finished; rewind answers 412 unless the instance Failed, restart 400 for an unknown
 * instance.
 */
final class ControlRoutes {

  /** The status alone: the checks here read no payload. */
  private static final GetInstanceOptions STATUS_ONLY =
      new GetInstanceOptions().setFetchInputsAndOutputs(false);

  private final InstanceRoutes instances;

  ControlRoutes(InstanceRoutes instances) {
    this.instances = instances;
  }

  /**
   * {@code POST /instances/{id}/raiseEvent/{event}}: checked in Durable Functions' order (404
   * unknown, 410 finished, 400 not JSON, 400 invalid JSON), then 202.
   */
  Future<Void> raiseEvent(RoutingContext ctx, DurableClient client) {
    String id = RouteTable.param(ctx, "id");
    String event = RouteTable.param(ctx, "event");
    return client
        .getInstance(id, STATUS_ONLY)
        .compose(
            m -> {
              if (m == null) {
                return Future.failedFuture(InstanceRoutes.notFound(id));
              }
              if (m.isFinished()) {
                return Future.failedFuture(finished(id, m.status()));
              }
              if (!isJson(ctx)) {
                return Future.failedFuture(
                    ApiError.badRequest(
                        "an event's data must be sent with Content-Type: application/json"));
              }
              Object data = Replies.parseBody(ctx.body().asString());
              return guarded(ctx, client, id, false, () -> client.raiseEvent(id, event, data));
            })
        .compose(v -> InstanceRoutes.accepted(ctx));
  }

  /**
   * {@code POST /instances/{id}/suspend?reason=}: 202; 404; 410 finished. An unfinished instance
   * that cannot be suspended now (already suspended, not started yet) is answered 202 too, as
   * Durable Functions does: its clients accept only 202 and 410.
   */
  Future<Void> suspend(RoutingContext ctx, DurableClient client) {
    String id = RouteTable.param(ctx, "id");
    String reason = Params.reason(ctx);
    return guarded(ctx, client, id, true, () -> client.suspend(id, reason))
        .compose(v -> InstanceRoutes.accepted(ctx));
  }

  /** {@code POST /instances/{id}/resume?reason=}: 202 (also when not suspended); 404; 410. */
  Future<Void> resume(RoutingContext ctx, DurableClient client) {
    String id = RouteTable.param(ctx, "id");
    String reason = Params.reason(ctx);
    return guarded(ctx, client, id, true, () -> client.resume(id, reason))
        .compose(v -> InstanceRoutes.accepted(ctx));
  }

  /** {@code POST /instances/{id}/rewind?reason=}: 202; 404; 412 unless Failed; 501 unsupported. */
  Future<Void> rewind(RoutingContext ctx, DurableClient client) {
    String id = RouteTable.param(ctx, "id");
    return client
        .rewind(id, Params.reason(ctx))
        .recover(
            t -> {
              if (t instanceof UnsupportedOperationException) {
                return Future.failedFuture(
                    new ApiError(
                        ErrorCode.UNSUPPORTED, "this backend cannot rewind: " + t.getMessage()));
              }
              return Future.failedFuture(InstanceRoutes.invalidStateAs(t, 412));
            })
        .compose(v -> InstanceRoutes.accepted(ctx));
  }

  /**
   * {@code POST /instances/{id}/restart[?restartWithNewInstanceId=]}: 202 and the check-status
   * payload of the new run (a new id by default), or its result with {@code timeout} and {@code
   * pollingInterval} as a start does; 400 for an unknown instance; 409 when the id is reused while
   * it runs.
   */
  Future<Void> restart(RoutingContext ctx, DurableClient client) {
    String id = RouteTable.param(ctx, "id");
    boolean newId = Params.bool(ctx, "restartWithNewInstanceId", true);
    InstanceRoutes.Reply reply = instances.reply(ctx, client, InstanceRoutes.Wait.of(ctx));
    return client
        .restart(id, new RestartOptions().setRestartWithNewInstanceId(newId))
        .recover(
            t -> {
              if (t instanceof BatonException be && be.code() == ErrorCode.INSTANCE_NOT_FOUND) {
                // Durable Functions answers 400 for a restart of an unknown instance
                return Future.failedFuture(new ApiError(400, be.code(), be.getMessage()));
              }
              return Future.failedFuture(t);
            })
        .compose(reply::send);
  }

  /**
   * Runs {@code op}; when it is refused for the instance's state, answers 410 if the instance has
   * finished, and otherwise accepts ({@code acceptUnfinished}) or answers 409.
   */
  private static Future<Void> guarded(
      RoutingContext ctx,
      DurableClient client,
      String id,
      boolean acceptUnfinished,
      Supplier<Future<Void>> op) {
    return op.get()
        .recover(
            t -> {
              if (!(t instanceof BatonException be) || be.code() != ErrorCode.INVALID_STATE) {
                return Future.failedFuture(t);
              }
              return client
                  .getInstance(id, STATUS_ONLY)
                  .compose(
                      m -> {
                        if (m != null && m.isFinished()) {
                          return Future.failedFuture(finished(id, m.status()));
                        }
                        if (acceptUnfinished) {
                          return Future.<Void>succeededFuture();
                        }
                        return Future.failedFuture(new ApiError(be.code(), be.getMessage()));
                      });
            });
  }

  private static ApiError finished(String id, RuntimeStatus status) {
    return new ApiError(
        410,
        ErrorCode.INVALID_STATE,
        ErrorCode.INVALID_STATE.code()
            + " instance '"
            + id
            + "' has already finished ("
            + status.wireName()
            + ")");
  }

  /** Whether the request says its body is JSON. */
  static boolean isJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null) {
      return false;
    }
    int semicolon = type.indexOf(';');
    String media = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
    media = media.toLowerCase(Locale.ROOT);
    return media.equals("application/json") || media.endsWith("+json");
  }
}
