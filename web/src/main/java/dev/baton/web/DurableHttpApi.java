package dev.baton.web;

import dev.baton.core.client.DurableClient;
import dev.baton.web.impl.DurableHttpApiImpl;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
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
 * <p>It is safe by default: without a key or an authentication handler it serves loopback
 * connections only ({@link #listen} refuses any other address); it answers only to trusted {@code
 * Host} names and builds URLs only on them; it refuses state-changing requests that a browser marks
 * cross-site; it checks credentials before it reads a body; and the key goes into handed-out URLs
 * only for a caller who presented it. {@link DurableHttpApiOptions} loosens each rule.
 *
 * <pre>{@code
 * DurableHttpApi api = DurableHttpApi.create(vertx, baton::client, new DurableHttpApiOptions());
 * Router router = Router.router(vertx);
 * api.mount(router);
 * api.addHttpTrigger(router, HttpMethod.GET, "/api/start", (ctx, client) ->
 *     client.scheduleNewOrchestration("hello", ctx.queryParams().get("name"))
 *         .compose(id -> api.createCheckStatusResponse(ctx, id)));
 * api.listen(router, 7071, "127.0.0.1");
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

  /**
   * The API of {@code client}, with default options: no key, so it serves loopback connections
   * only; mounted at the default path.
   */
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
   * with the request body read (up to the body limit) and errors answered as JSON. Like the
   * management routes it answers only to trusted {@code Host} names and refuses cross-site browser
   * requests; the API's key and authentication handler guard the management routes only, so a
   * trigger is as open as the route it is on: put {@link #keyHandler()} (or an authentication
   * handler) on a route before it to guard it.
   */
  Route addHttpTrigger(Router router, HttpMethod method, String path, HttpTrigger trigger);

  /**
   * The API's key check as a handler, to put in front of HTTP triggers: a request without the key
   * ({@code ?code=} or the {@code x-functions-key} header) is answered 401 in JSON before its body
   * is read; with the key it goes on. Without a key in the options it lets every request through.
   *
   * <pre>{@code
   * router.route("/api/*").handler(api.keyHandler());
   * api.addHttpTrigger(router, HttpMethod.POST, "/api/orders", ...);
   * }</pre>
   */
  Handler<RoutingContext> keyHandler();

  /**
   * Starts an HTTP server for {@code router} on {@code host:port} (port 0 picks a free one). It
   * refuses (a failed future, nothing bound) an address other than loopback while the API has no
   * key and no authentication handler, unless {@link DurableHttpApiOptions#setAllowUnprotected}
   * says so; then it logs a warning once.
   */
  Future<HttpServer> listen(Router router, int port, String host);

  /**
   * The management URLs of {@code instanceId}, absolute, on the configured base URL, a trusted
   * {@code Host} or the server's own address (see {@link DurableHttpApiOptions#setBaseUrl}): {@code
   * id, statusQueryGetUri, sendEventPostUri, terminatePostUri, purgeHistoryDeleteUri,
   * restartPostUri, suspendPostUri, resumePostUri, rewindPostUri}; the key only when the request
   * presented it. It cannot fail, so it is safe to call after a start has been stored.
   */
  JsonObject createHttpManagementPayload(RoutingContext ctx, String instanceId);

  /**
   * Answers the request with 202, the management payload of {@code instanceId}, {@code Location}
   * set to its status URL and {@code Retry-After: 10}, as Durable Functions' starters do.
   */
  Future<Void> createCheckStatusResponse(RoutingContext ctx, String instanceId);
}
