package dev.baton.web.impl;

import dev.baton.core.ErrorCode;
import dev.baton.core.client.DurableClient;
import dev.baton.web.Dashboard;
import dev.baton.web.DashboardOptions;
import dev.baton.web.DurableHttpApi;
import dev.baton.web.DurableHttpApiOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The router behind {@link Dashboard}: the management API's own protection (the same {@link
 * ApiProtection} object, so trusted {@code Host}, key and authentication handler are checked by one
 * code path; here every browser request marked cross-site is refused, reads included), the page,
 * and the read-only JSON the page needs beyond the management API (instances filtered by name, an
 * instance's timeline, entities' locks and backlogs).
 */
public final class DashboardImpl implements Dashboard {

  private final ClientHandlers handlers;
  private final DashboardOptions options;
  private final DurableHttpApiOptions apiOptions;
  private final ApiProtection protection;
  private final Router router;

  public DashboardImpl(
      Vertx vertx, DurableHttpApi api, Supplier<DurableClient> clients, DashboardOptions options) {
    this.handlers = new ClientHandlers(clients);
    this.options = new DashboardOptions(Objects.requireNonNull(options, "options"));
    this.apiOptions = Objects.requireNonNull(api, "api").options();
    if (!(api instanceof DurableHttpApiImpl impl)) {
      throw new IllegalArgumentException(
          "the dashboard stands behind the protection of an API made by DurableHttpApi.create,"
              + " got a "
              + api.getClass().getName());
    }
    this.protection = impl.protection();
    this.router = Router.router(Objects.requireNonNull(vertx, "vertx"));
    build();
  }

  private void build() {
    protection.protect(router, ApiProtection.CrossSite.REFUSE_ALL);
    var page = DashboardPage.load(options, apiOptions.getMountPath());
    router.get("/").handler(page::serve);
    var data = new DashboardData(options);
    router.get("/api/instances").handler(handlers.handle(data::instances));
    router.get("/api/instances/:id").handler(handlers.handle(data::instance));
    router.get("/api/entities").handler(handlers.handle(data::entities));
    router.get("/api/entities/:name/:key").handler(handlers.handle(data::entity));
    router
        .route()
        .handler(
            ctx ->
                Replies.error(
                    ctx,
                    new ApiError(
                        ErrorCode.NOT_FOUND,
                        "no dashboard route "
                            + ctx.request().method()
                            + " "
                            + ctx.request().path())));
    router.route().failureHandler(ctx -> Replies.error(ctx, Replies.fromFailedContext(ctx)));
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
   * page's key), behind the same protection, so the page's own path is always the one it was built
   * for.
   */
  @Override
  public Route mount(Router parent) {
    String path = options.getMountPath();
    protection
        .protect(
            parent.routeWithRegex(HttpMethod.GET, Pattern.quote(path)),
            ApiProtection.CrossSite.REFUSE_ALL)
        .handler(
            ctx -> {
              String query = ctx.request().query();
              ctx.redirect(path + "/" + (query == null || query.isEmpty() ? "" : "?" + query));
            })
        .failureHandler(ctx -> Replies.error(ctx, Replies.fromFailedContext(ctx)));
    return parent.route(path + "/*").subRouter(router);
  }
}
