package dev.baton.web.impl;

import dev.baton.core.ErrorCode;
import dev.baton.web.DurableHttpApi;
import dev.baton.web.DurableHttpApiOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one protection in front of everything the management API serves, its dashboard included: the
 * {@link RequestGuard} (trusted {@code Host}, no cross-site browser request where it matters, no
 * unprotected non-loopback connection), then the key, then the authentication handler, all before
 * any body is read. The management API and the dashboard share one instance, so they cannot drift
 * apart and the warning about an unprotected API is logged once.
 */
final class ApiProtection {

  private static final System.Logger LOG = System.getLogger(DurableHttpApi.class.getName());

  /** Which browser requests marked cross-site are refused. */
  enum CrossSite {
    /** Only those that can change state (the management API: its reads carry no cookie). */
    REFUSE_STATE_CHANGES,
    /** Every one (the dashboard: its page and data are only ever read by its own page). */
    REFUSE_ALL
  }

  private final DurableHttpApiOptions options;
  private final RequestGuard guard;
  private final AtomicBoolean warnedUnprotected = new AtomicBoolean();

  ApiProtection(DurableHttpApiOptions options) {
    this.options = options;
    this.guard = new RequestGuard(options);
  }

  RequestGuard guard() {
    return guard;
  }

  /** Puts the whole protection, in its order, in front of every route of {@code router}. */
  void protect(Router router, CrossSite crossSite) {
    protect(router.route(), crossSite);
  }

  /** Puts the whole protection, in its order, in front of {@code route}'s next handlers. */
  Route protect(Route route, CrossSite crossSite) {
    route.handler(trust(crossSite));
    if (options.getKey() != null) {
      route.handler(keyCheck());
    }
    if (options.getAuthenticationHandler() != null) {
      route.handler(options.getAuthenticationHandler());
    }
    return route;
  }

  /**
   * Refuses an untrusted {@code Host}, a browser request marked cross-site (as {@code crossSite}
   * says), and, while the API has neither key nor authentication handler, any connection not over
   * loopback.
   */
  PlatformHandler trust(CrossSite crossSite) {
    return ctx -> {
      boolean checkCrossSite =
          crossSite == CrossSite.REFUSE_ALL || RequestGuard.changesState(ctx.request().method());
      ApiError refusal = guard.refusal(ctx, checkCrossSite);
      if (refusal == null && !guard.isProtected() && !RequestGuard.viaLoopback(ctx)) {
        if (options.isAllowUnprotected()) {
          warnUnprotected("a connection to " + ctx.request().localAddress());
        } else {
          refusal =
              new ApiError(
                  ErrorCode.FORBIDDEN,
                  "this API has no key and no authentication handler, so it serves loopback"
                      + " connections only; set DurableHttpApiOptions.setKey or"
                      + " setAuthenticationHandler (or setAllowUnprotected when something in front"
                      + " protects it)");
        }
      }
      if (refusal != null) {
        Replies.error(ctx, refusal);
      } else {
        ctx.next();
      }
    };
  }

  /**
   * The key check: without the key ({@code x-functions-key} or {@code ?code=}) a JSON 401 before
   * the body is read; lets everything through when the options have no key.
   */
  PlatformHandler keyCheck() {
    return (RoutingContext ctx) -> {
      if (options.getKey() == null || guard.keyPresented(ctx)) {
        ctx.next();
      } else {
        Replies.error(ctx, Replies.byStatus(401, null));
      }
    };
  }

  /** Logs once that the API serves {@code where} without protection, as the options allow. */
  void warnUnprotected(String where) {
    if (warnedUnprotected.compareAndSet(false, true)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "the Durable Functions HTTP API at "
              + options.getMountPath()
              + " serves "
              + where
              + " without a key or an authentication handler (allowUnprotected is set):"
              + " anyone who reaches it can start, read, terminate and purge instances");
    }
  }
}
