package dev.baton.web.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.client.DurableClient;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Turns a route's work into a handler that runs it with the engine's current client: 503
 * NOT_RUNNING (BATON-111) while there is no engine, and any failure (thrown or in the returned
 * future) answered as JSON. The management API and the dashboard both build their routes with it.
 */
final class ClientHandlers {

  private final Supplier<DurableClient> clients;

  ClientHandlers(Supplier<DurableClient> clients) {
    this.clients = Objects.requireNonNull(clients, "clients");
  }

  /** Runs {@code handler} with the current client; any failure is answered as JSON. */
  Handler<RoutingContext> handle(BiFunction<RoutingContext, DurableClient, Future<?>> handler) {
    return ctx -> {
      Future<?> done;
      try {
        done = handler.apply(ctx, client());
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      done.onFailure(t -> Replies.error(ctx, t));
    };
  }

  /**
   * The engine's client.
   *
   * @throws ApiError 503 NOT_RUNNING when the engine is not running
   */
  DurableClient client() {
    DurableClient client;
    try {
      client = clients.get();
    } catch (BatonException e) {
      throw new ApiError(ErrorCode.NOT_RUNNING, "the engine is not running: " + e.getMessage());
    }
    if (client == null) {
      throw new ApiError(ErrorCode.NOT_RUNNING, "the engine is not running");
    }
    return client;
  }
}
