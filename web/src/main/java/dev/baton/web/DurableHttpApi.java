package dev.baton.web;

import dev.baton.core.client.DurableClient;
import dev.baton.web.impl.DurableHttpApiImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * Durable Functions' HTTP API on a Vert.x router, wire-compatible with Durable Functions' clients
 * and tools: start orchestrations, read their status and history, list, page, terminate and purge
 * them. Mount {@link #router()} under {@link DurableHttpApiOptions#getMountPath()} (by default
 * {@value DurableHttpApiOptions#DEFAULT_MOUNT_PATH}), or let {@link #mount} do it.
 *
 * <p>The same object registers HTTP triggers (routes whose handler gets a {@link DurableClient})
 * and builds the check-status payload that points a caller at the management routes.
 *
 * <pre>{@code
 * DurableHttpApi api = DurableHttpApi.create(vertx, baton::client, new DurableHttpApiOptions());
 * Router router = Router.router(vertx);
 * api.mount(router);
 * api.addHttpTrigger(router, HttpMethod.GET, "/api/start", (ctx, client) ->
 *     client.scheduleNewOrchestration("hello", ctx.queryParams().get("name"))
 *         .compose(id -> api.createCheckStatusResponse(ctx, id)));
 * vertx.createHttpServer().requestHandler(router).listen(7071, "127.0.0.1");
 * }</pre>
 */
public interface DurableHttpApi {

  /**
   * The API of the engine whose client {@code clients} supplies. The supplier is asked on every
   * request, so it may hand out the client of an engine started later or restarted; while it has
   * none (it throws or returns {@code null}) requests are answered 503.
   */
  static DurableHttpApi create(
      Vertx vertx, Supplier<DurableClient> clients, DurableHttpApiOptions options) {
    return new DurableHttpApiImpl(vertx, clients, options);
  }

  /** The API of {@code client}, with default options: open, mounted at the default path. */
  static DurableHttpApi create(Vertx vertx, DurableClient client) {
    return create(vertx, () -> client, new DurableHttpApiOptions());
  }

  /** The options this API was created with (a copy). */
  DurableHttpApiOptions options();

  /** The router of the management routes, to mount under {@code options().getMountPath()}. */
  Router router();

  /** Mounts {@link #router()} on {@code parent} at {@code options().getMountPath()}. */
  Route mount(Router parent);

  /**
   * Registers an HTTP trigger on {@code router}: {@code trigger} runs for each matching request,
   * with the request body read (up to the body limit) and errors answered as JSON. The API's key
   * and authentication handler guard the management routes only; a trigger is as open as the route
   * it is on (put an authentication handler on that route to guard it).
   */
  Route addHttpTrigger(Router router, HttpMethod method, String path, HttpTrigger trigger);

  /**
   * The management URLs of {@code instanceId}, absolute, from the request's scheme and host (or
   * {@link DurableHttpApiOptions#setBaseUrl}): {@code id, statusQueryGetUri, sendEventPostUri,
   * terminatePostUri, purgeHistoryDeleteUri, restartPostUri, suspendPostUri, resumePostUri,
   * rewindPostUri}.
   */
  JsonObject createHttpManagementPayload(RoutingContext ctx, String instanceId);

  /**
   * Answers the request with 202, the management payload of {@code instanceId}, {@code Location}
   * set to its status URL and {@code Retry-After: 10}, as Durable Functions' starters do.
   */
  Future<Void> createCheckStatusResponse(RoutingContext ctx, String instanceId);
}
