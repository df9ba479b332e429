package dev.baton.web.impl;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's routes with path parameters ({@code /instances/:id/terminate}), matched here rather
 * than by Vert.x's router: Vert.x decodes the whole query string while it matches a route with path
 * parameters, and a raw {@code %} there (which Durable Functions' clients send in an unencoded
 * {@code reason}) would be answered with a plain-text 400 that no failure handler sees. Matching
 * reads the path only; a trailing slash is accepted; fixed segments match in any case, as Durable
 * Functions' do ({@code /TERMINATE}); parameters are percent-decoded ({@code +} stays {@code +}).
 */
final class RouteTable {

  private static final String PARAMS = "baton.pathParams";

  private record Entry(
      HttpMethod method,
      String[] segments,
      boolean lenientQuery,
      Handler<RoutingContext> handler) {}

  private final List<Entry> entries = new ArrayList<>();

  /**
   * Adds a route; {@code pattern} segments starting with {@code :} are parameters. Its query string
   * must be URL-encoded: a stray {@code %} is a JSON 400 before the handler runs.
   */
  RouteTable add(HttpMethod method, String pattern, Handler<RoutingContext> handler) {
    entries.add(new Entry(method, split(pattern), false, handler));
    return this;
  }

  /**
   * Adds a route whose query may hold a stray {@code %}: one taking a {@code reason}, which Durable
   * Functions' clients send unencoded; its handler reads the query leniently.
   */
  RouteTable addLenient(HttpMethod method, String pattern, Handler<RoutingContext> handler) {
    entries.add(new Entry(method, split(pattern), true, handler));
    return this;
  }

  /** Runs the first route that matches the request, or passes it on when none does. */
  void handle(RoutingContext ctx) {
    String[] path = split(relativePath(ctx));
    for (Entry e : entries) {
      if (e.method() != ctx.request().method() || e.segments().length != path.length) {
        continue;
      }
      Map<String, String> params = match(e.segments(), path);
      if (params != null) {
        ctx.put(PARAMS, params);
        if (!e.lenientQuery() && !Params.isDecodable(ctx.request().query())) {
          Replies.error(
              ctx,
              ApiError.badRequest(
                  "the query string is not URL-encoded: a '%' must start an escape like %25"));
          return;
        }
        e.handler().handle(ctx);
        return;
      }
    }
    ctx.next();
  }

  private static Map<String, String> match(String[] pattern, String[] path) {
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i].startsWith(":")) {
        params.put(pattern[i].substring(1), path[i]);
      } else if (!pattern[i].equalsIgnoreCase(path[i])) {
        return null;
      }
    }
    return params;
  }

  /**
   * The path parameter {@code name} of the matched route, percent-decoded; {@code null} when the
   * route has none of that name.
   *
   * @throws ApiError 400 when it is not percent-encoded properly
   */
  static String param(RoutingContext ctx, String name) {
    Map<String, String> params = ctx.get(PARAMS);
    String raw = params == null ? null : params.get(name);
    if (raw == null) {
      return null;
    }
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(
          "the path segment '"
              + RequestGuard.printable(raw)
              + "' is not URL-encoded: a '%' must start an escape like %25");
    }
  }

  /** The request's path below the router's mount point. */
  private static String relativePath(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    String mount = ctx.mountPoint();
    if (mount != null && !mount.isEmpty() && !mount.equals("/")) {
      String m = mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount;
      if (path.startsWith(m)) {
        path = path.substring(m.length());
      }
    }
    return path;
  }

  /** {@code path}'s segments, without the empty ones a leading or trailing slash makes. */
  private static String[] split(String path) {
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    return segments.toArray(String[]::new);
  }
}
