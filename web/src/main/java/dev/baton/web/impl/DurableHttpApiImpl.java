package dev.baton.web.impl;

import dev.baton.core.BatonException;
import dev.baton.core.client.DurableClient;
import dev.baton.web.DurableHttpApi;
import dev.baton.web.DurableHttpApiOptions;
import dev.baton.web.HttpTrigger;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** The router behind {@link DurableHttpApi}: protection, body limit, routes, JSON errors. */
public final class DurableHttpApiImpl implements DurableHttpApi {

  private final Supplier<DurableClient> clients;
  private final DurableHttpApiOptions options;
  private final ManagementUrls urls;
  private final Router router;

  public DurableHttpApiImpl(
      Vertx vertx, Supplier<DurableClient> clients, DurableHttpApiOptions options) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.options = new DurableHttpApiOptions(Objects.requireNonNull(options, "options"));
    this.urls = new ManagementUrls(this.options);
    this.router = Router.router(Objects.requireNonNull(vertx, "vertx"));
    build();
  }

  private void build() {
    if (options.getKey() != null) {
      router.route().handler(this::checkKey);
    }
    router.route().handler(bodyHandler());
    if (options.getAuthenticationHandler() != null) {
      router.route().handler(options.getAuthenticationHandler());
    }
    var instances = new InstanceRoutes(this);
    router.post("/orchestrators/:name").handler(handle(instances::start));
    router.post("/orchestrators/:name/:instanceId").handler(handle(instances::start));
    router.get("/instances").handler(handle(instances::list));
    router.delete("/instances").handler(handle(instances::purgeByFilter));
    router.get("/instances/:id").handler(handle(instances::status));
    router.delete("/instances/:id").handler(handle(instances::purge));
    router.post("/instances/:id/terminate").handler(handle(instances::terminate));
    var control = new ControlRoutes(this);
    router.post("/instances/:id/raiseEvent/:event").handler(handle(control::raiseEvent));
    router.post("/instances/:id/suspend").handler(handle(control::suspend));
    router.post("/instances/:id/resume").handler(handle(control::resume));
    router.post("/instances/:id/rewind").handler(handle(control::rewind));
    router.post("/instances/:id/restart").handler(handle(control::restart));
    var entities = new EntityRoutes();
    router.get("/entities").handler(handle(entities::list));
    router.get("/entities/:name").handler(handle(entities::list));
    router.get("/entities/:name/:key").handler(handle(entities::state));
    router.post("/entities/:name/:key").handler(handle(entities::signal));
    router.delete("/entities/:name/:key").handler(handle(entities::delete));
    router
        .route()
        .handler(
            ctx ->
                Replies.error(
                    ctx,
                    new ApiError(
                        404,
                        ApiError.NOT_FOUND,
                        "no route " + ctx.request().method() + " " + ctx.request().path())));
    router.route().failureHandler(ctx -> Replies.error(ctx, Replies.fromFailedContext(ctx)));
  }

  private BodyHandler bodyHandler() {
    return BodyHandler.create(false).setBodyLimit(options.getBodyLimit());
  }

  private void checkKey(RoutingContext ctx) {
    String given = ctx.request().getHeader("x-functions-key");
    if (given == null || given.isEmpty()) {
      given = ctx.queryParams().get("code");
    }
    if (given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8),
            options.getKey().getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
    } else {
      ctx.fail(401);
    }
  }

  /** Runs a route's handler with the current client; any failure is answered as JSON. */
  private Handler<RoutingContext> handle(
      BiFunction<RoutingContext, DurableClient, Future<?>> handler) {
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

  private DurableClient client() {
    DurableClient client;
    try {
      client = clients.get();
    } catch (BatonException e) {
      throw new ApiError(503, ApiError.UNAVAILABLE, "the engine is not running: " + e.getMessage());
    }
    if (client == null) {
      throw new ApiError(503, ApiError.UNAVAILABLE, "the engine is not running");
    }
    return client;
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
    return target
        .route(method, path)
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
    return urls.payload(ctx, instanceId);
  }

  @Override
  public Future<Void> createCheckStatusResponse(RoutingContext ctx, String instanceId) {
    JsonObject payload = urls.payload(ctx, instanceId);
    ctx.response()
        .putHeader("Location", payload.getString("statusQueryGetUri"))
        .putHeader("Retry-After", "10");
    return Replies.json(ctx, 202, payload);
  }
}
