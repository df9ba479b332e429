package dev.baton.web.impl;

import dev.baton.core.ErrorCode;
import dev.baton.core.client.DurableClient;
import dev.baton.web.DurableHttpApi;
import dev.baton.web.DurableHttpApiOptions;
import dev.baton.web.HttpTrigger;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The router behind {@link DurableHttpApi}: the request guard, then credentials, then the body (so
 * an anonymous caller cannot make the server buffer one), then the routes; errors as JSON.
 */
public final class DurableHttpApiImpl implements DurableHttpApi {

  private final Vertx vertx;
  private final Supplier<DurableClient> clients;
  private final ClientHandlers handlers;
  private final DurableHttpApiOptions options;
  private final ApiProtection protection;
  private final RequestGuard guard;
  private final ManagementUrls urls;
  private final Router router;

  public DurableHttpApiImpl(
      Vertx vertx, Supplier<DurableClient> clients, DurableHttpApiOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.handlers = new ClientHandlers(clients);
    this.options = new DurableHttpApiOptions(Objects.requireNonNull(options, "options"));
    this.protection = new ApiProtection(this.options);
    this.guard = protection.guard();
    this.urls = new ManagementUrls(this.options);
    this.router = Router.router(vertx);
    build();
  }

  private void build() {
    protection.protect(router, ApiProtection.CrossSite.REFUSE_STATE_CHANGES);
    router.route().handler(bodyHandler());
    var instances = new InstanceRoutes(this);
    var control = new ControlRoutes(instances);
    var entities = new EntityRoutes();
    var routes =
        new RouteTable()
            .add(HttpMethod.POST, "/orchestrators/:name", handle(instances::start))
            .add(HttpMethod.POST, "/orchestrators/:name/:instanceId", handle(instances::start))
            .add(HttpMethod.GET, "/instances", handle(instances::list))
            .add(HttpMethod.DELETE, "/instances", handle(instances::purgeByFilter))
            .add(HttpMethod.GET, "/instances/:id", handle(instances::status))
            .add(HttpMethod.DELETE, "/instances/:id", handle(instances::purge))
            .addLenient(HttpMethod.POST, "/instances/:id/terminate", handle(instances::terminate))
            .add(HttpMethod.POST, "/instances/:id/raiseEvent/:event", handle(control::raiseEvent))
            .addLenient(HttpMethod.POST, "/instances/:id/suspend", handle(control::suspend))
            .addLenient(HttpMethod.POST, "/instances/:id/resume", handle(control::resume))
            .addLenient(HttpMethod.POST, "/instances/:id/rewind", handle(control::rewind))
            .add(HttpMethod.POST, "/instances/:id/restart", handle(control::restart))
            .add(HttpMethod.GET, "/entities", handle(entities::list))
            .add(HttpMethod.GET, "/entities/:name", handle(entities::list))
            .add(HttpMethod.GET, "/entities/:name/:key", handle(entities::state))
            .add(HttpMethod.POST, "/entities/:name/:key", handle(entities::signal))
            .add(HttpMethod.DELETE, "/entities/:name/:key", handle(entities::delete));
    router.route().handler(routes::handle);
    router
        .route()
        .handler(
            ctx ->
                Replies.error(
                    ctx,
                    new ApiError(
                        ErrorCode.NOT_FOUND,
                        "no route " + ctx.request().method() + " " + ctx.request().path())));
    router.route().failureHandler(ctx -> Replies.error(ctx, Replies.fromFailedContext(ctx)));
  }

  private BodyHandler bodyHandler() {
    // form attributes stay out of the request's parameters: merging them decodes the query
    // string, which may hold an unencoded reason
    return BodyHandler.create(false)
        .setBodyLimit(options.getBodyLimit())
        .setMergeFormAttributes(false);
  }

  @Override
  public Handler<RoutingContext> keyHandler() {
    return protection.keyCheck(); // a platform handler may come first, before a body handler
  }

  /** The protection of this API, for the dashboard built on it to stand behind. */
  ApiProtection protection() {
    return protection;
  }

  @Override
  public Future<HttpServer> listen(Router target, int port, String host) {
    Objects.requireNonNull(target, "router");
    Objects.requireNonNull(host, "host");
    if (!RequestGuard.isLoopback(host) && !guard.isProtected()) {
      if (!options.isAllowUnprotected()) {
        return Future.failedFuture(
            new IllegalStateException(
                "refusing to listen on "
                    + host
                    + ":"
                    + port
                    + ": the Durable Functions HTTP API has no key and no authentication handler,"
                    + " so it may listen on loopback only. Set DurableHttpApiOptions.setKey or"
                    + " setAuthenticationHandler, or setAllowUnprotected(true) when something in"
                    + " front protects it"));
      }
      protection.warnUnprotected(host + ":" + port);
    }
    try {
      return vertx.createHttpServer().requestHandler(target).listen(port, host);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e); // e.g. a port out of range
    }
  }

  /** The origin management URLs of this request start with; never throws. */
  String origin(RoutingContext ctx) {
    return guard.origin(ctx);
  }

  /**
   * The query string the URLs handed back to a management request end with: its {@code taskHub} and
   * {@code connection} (or the configured ones), as Durable Functions' API answers, and the key if
   * it presented it. Never throws.
   */
  String urlQuery(RoutingContext ctx) {
    return urls.commonQuery(
        Params.lenient(ctx, "taskHub"),
        Params.lenient(ctx, "connection"),
        engineTaskHub(),
        guard.keyPresented(ctx));
  }

  /** The engine's hub name, or {@code null} while there is no engine; never throws. */
  private String engineTaskHub() {
    try {
      DurableClient client = clients.get();
      return client == null ? null : client.taskHub();
    } catch (RuntimeException e) {
      return null; // the URLs leave taskHub out rather than fail an answer
    }
  }

  /** As {@link #urlQuery} for a trigger: the configured task hub and connection, as a binding's. */
  private String triggerUrlQuery(RoutingContext ctx) {
    return urls.commonQuery(null, null, engineTaskHub(), guard.keyPresented(ctx));
  }

  /** Answers 202 with the payload of {@code instanceId} on URLs decided beforehand. */
  Future<Void> checkStatusResponse(
      RoutingContext ctx, String origin, String query, String instanceId) {
    JsonObject payload = urls.payload(origin, instanceId, query);
    ctx.response()
        .putHeader("Location", payload.getString("statusQueryGetUri"))
        .putHeader("Retry-After", "10");
    return Replies.json(ctx, 202, payload);
  }

  /** Runs a route's handler with the current client; any failure is answered as JSON. */
  private Handler<RoutingContext> handle(
      BiFunction<RoutingContext, DurableClient, Future<?>> handler) {
    return handlers.handle(handler);
  }

  @Override
  public DurableHttpApiOptions options() {
    return new DurableHttpApiOptions(options);
  }

  @Override
  public Router router() {
    return router;
  }

  @Override
  public Route mount(Router parent) {
    String mount = options.getMountPath();
    return parent.route(("/".equals(mount) ? "" : mount) + "/*").subRouter(router);
  }

  @Override
  public Route addHttpTrigger(Router target, HttpMethod method, String path, HttpTrigger trigger) {
    Objects.requireNonNull(trigger, "trigger");
    PlatformHandler trusted =
        ctx -> {
          ApiError refusal = guard.refusal(ctx, true);
          if (refusal != null) {
            Replies.error(ctx, refusal);
          } else {
            ctx.next();
          }
        };
    return target
        .route(method, path)
        .handler(trusted)
        .handler(bodyHandler())
        .handler(
            handle(
                (ctx, client) ->
                    trigger
                        .handle(ctx, client)
                        .compose(
                            value -> {
                              if (ctx.response().ended()) {
                                return Future.succeededFuture();
                              }
                              if (value == null) {
                                return ctx.response().setStatusCode(204).end();
                              }
                              return Replies.json(ctx, 200, value);
                            })))
        .failureHandler(ctx -> Replies.error(ctx, Replies.fromFailedContext(ctx)));
  }

  @Override
  public JsonObject createHttpManagementPayload(RoutingContext ctx, String instanceId) {
    return urls.payload(guard.origin(ctx), instanceId, triggerUrlQuery(ctx));
  }

  @Override
  public Future<Void> createCheckStatusResponse(RoutingContext ctx, String instanceId) {
    return checkStatusResponse(ctx, guard.origin(ctx), triggerUrlQuery(ctx), instanceId);
  }
}
