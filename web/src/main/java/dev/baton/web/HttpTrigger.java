package dev.baton.web;

import dev.baton.core.client.DurableClient;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * The code behind an HTTP-triggered route: it gets the request and a {@link DurableClient}, and
 * either writes the response itself or completes with a value that is sent as JSON with status 200
 * (a {@code null} value with nothing written sends 204). A failure is answered as a JSON error
 * {@code {"error": code, "message": ...}}: a Vert.x {@code HttpException} with its status and
 * payload as the message, a {@code BatonException} with the status its code calls for (400, 404,
 * 409, ...), anything else as 500 that reveals nothing but an incident id.
 *
 * <pre>{@code
 * api.addHttpTrigger(router, HttpMethod.POST, "/api/orders", (ctx, client) ->
 *     client.scheduleNewOrchestration("checkout", ctx.body().asJsonObject())
 *         .compose(id -> api.createCheckStatusResponse(ctx, id)));
 * }</pre>
 */
@FunctionalInterface
public interface HttpTrigger {

  /** Handles one request; runs on the event loop, so it must not block. */
  Future<?> handle(RoutingContext ctx, DurableClient client);
}
