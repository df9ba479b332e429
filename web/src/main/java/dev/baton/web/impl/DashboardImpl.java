package dev.baton.web.impl;

import dev.baton.core.BatonException;
import dev.baton.core.client.DurableClient;
import dev.baton.web.Dashboard;
import dev.baton.web.DashboardOptions;
import dev.baton.web.DurableHttpApi;
import dev.baton.web.DurableHttpApiOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The router behind {@link Dashboard}: the management API's protection (its key, then its
 * authentication handler), the page, and the read-only JSON the page needs beyond the management
 * API (instances filtered by name, an instance's timeline, entities' locks and backlogs).
 */
public final class DashboardImpl implements Dashboard {

  private final Supplier<DurableClient> clients;
  private final DashboardOptions options;
  private final DurableHttpApiOptions apiOptions;
  private final Router router;

  public DashboardImpl(
      Vertx vertx, DurableHttpApi api, Supplier<DurableClient> clients, DashboardOptions options) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.options = new DashboardOptions(Objects.requireNonNull(options, "options"));
    this.apiOptions = Objects.requireNonNull(api, "api").options();
    this.router = Router.router(Objects.requireNonNull(vertx, "vertx"));
    build();
  }

  private void build() {
    if (apiOptions.getKey() != null) {
      router.route().handler(this::checkKey);
    }
    if (apiOptions.getAuthenticationHandler() != null) {
      router.route().handler(apiOptions.getAuthenticationHandler());
    }
    var page = DashboardPage.load(options, apiOptions.getMountPath());
    router.get("/").handler(page::serve);
    var data = new DashboardData(options);
    router.get("/api/instances").handler(handle(data::instances));
    router.get("/api/instances/:id").handler(handle(data::instance));
    router.get("/api/entities").handler(handle(data::entities));
    router.get("/api/entities/:name/:key").handler(handle(data::entity));
    router
        .route()
        .handler(
            ctx ->
                Replies.error(
                    ctx,
                    new ApiError(
                        404,
                        ApiError.NOT_FOUND,
                        "no dashboard route "
                            + ctx.request().method()
                            + " "
                            + ctx.request().path())));
    router.route().failureHandler(ctx -> Replies.error(ctx, Replies.fromFailedContext(ctx)));
  }

  /** The management API's key check: the {@code x-functions-key} header or {@code ?code=}. */
  private void checkKey(RoutingContext ctx) {
    String given = ctx.request().getHeader("x-functions-key");
    if (given == null || given.isEmpty()) {
      given = ctx.queryParams().get("code");
    }
    if (given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8),
            apiOptions.getKey().getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
    } else {
      ctx.fail(401);
    }
  }

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
  public DashboardOptions options() {
    return new DashboardOptions(options);
  }

  @Override
  public Router router() {
    return router;
  }

  /**
   * Mounts the router; the mount path without its slash redirects to it with the query kept (the
   * page's key), so the page's own path is always the one it was built for.
   */
  @Override
  public Route mount(Router parent) {
    String path = options.getMountPath();
    parent
        .get(path)
        .handler(
            ctx -> {
              if (ctx.request().path().endsWith("/")) {
                ctx.next(); // the router matches "/dashboard/" here too: that is the page
                return;
              }
              String query = ctx.request().query();
              ctx.redirect(path + "/" + (query == null || query.isEmpty() ? "" : "?" + query));
            });
    return parent.route(path + "/*").subRouter(router);
  }
}
