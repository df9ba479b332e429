package dev.baton.web;

import dev.baton.core.client.DurableClient;
import dev.baton.web.impl.DashboardImpl;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;

/**
 * A web page to watch and manage an engine's instances and entities: lists with filters and paging,
 * an instance's input, output, failure and history drawn as a timeline, the management actions
 * (terminate, suspend, resume, rewind, restart, raise an event, purge) behind a confirmation, and
 * entities with their state, lock holder and backlog. It ships inside this jar (one HTML document,
 * no CDN), stands behind the very protection of the {@link DurableHttpApi} it is built on (trusted
 * {@code Host} names, loopback only without a key, the key, the authentication handler; and it
 * refuses every browser request marked cross-site, reads included), and runs its actions through
 * that API's routes. The key is never written into the page or its data.
 *
 * <pre>{@code
 * DurableHttpApi api = DurableHttpApi.create(vertx, baton::client, apiOptions);
 * Router router = Router.router(vertx);
 * api.mount(router);
 * Dashboard.create(vertx, api, baton::client, new DashboardOptions()).mount(router);
 * // open http://127.0.0.1:7071/dashboard/ (with ?code=KEY when the API has a key)
 * }</pre>
 */
public interface Dashboard {

  /**
   * The dashboard of the engine whose client {@code clients} supplies, protected as {@code api} is;
   * its actions call {@code api}'s routes, which must be mounted on the same server.
   *
   * @throws IllegalArgumentException when {@code api} was not made by {@link DurableHttpApi#create}
   */
  static Dashboard create(
      Vertx vertx, DurableHttpApi api, Supplier<DurableClient> clients, DashboardOptions options) {
    return new DashboardImpl(vertx, api, clients, options);
  }

  /** The options this dashboard was created with (a copy). */
  DashboardOptions options();

  /** The dashboard's router: the page and its read-only JSON, to mount at the mount path. */
  Router router();

  /** Mounts {@link #router()} on {@code parent} at {@code options().getMountPath()}. */
  Route mount(Router parent);
}
