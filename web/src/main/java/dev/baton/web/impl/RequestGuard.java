package dev.baton.web.impl;

import dev.baton.core.ErrorCode;
import dev.baton.web.DurableHttpApiOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the API trusts in a request, decided from the connection and the options, never from the
 * request alone: whether its {@code Host} may be served and may name the URLs handed back, whether
 * a browser marked it cross-site, whether it presented the key, and the origin that management URLs
 * start with. Every method is total: it answers for any request (HTTP/1.0 without {@code Host}, a
 * malformed header) without throwing.
 */
final class RequestGuard {

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

  private final DurableHttpApiOptions options;
  private final String baseHost;

  RequestGuard(DurableHttpApiOptions options) {
    this.options = options;
    this.baseHost =
        options.getBaseUrl() == null ? null : URI.create(options.getBaseUrl()).getHost();
  }

  /** Whether the API checks who calls it (a key or an authentication handler). */
  boolean isProtected() {
    return options.getKey() != null || options.getAuthenticationHandler() != null;
  }

  /** Whether {@code host} (a bind address or a {@code Host} name) is a loopback one. */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.startsWith("::ffff:")) {
      h = h.substring("::ffff:".length());
    }
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || IPV4_LOOPBACK.matcher(h).matches()
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }

  /** Whether the request came in over a loopback connection (what the server was reached on). */
  static boolean viaLoopback(RoutingContext ctx) {
    SocketAddress local = ctx.request().localAddress();
    if (local == null) {
      return false;
    }
    if (local.isDomainSocket()) {
      return true; // only local processes reach a Unix socket
    }
    return isLoopback(local.hostAddress() != null ? local.hostAddress() : local.host());
  }

  /** Whether the request's {@code Host} names a host the options trust for URLs. */
  private boolean hostTrusted(RoutingContext ctx, HostAndPort authority) {
    if (authority == null) {
      return false;
    }
    String host = authority.host().toLowerCase(Locale.ROOT);
    List<String> allowed = options.getAllowedHosts();
    if (allowed.contains(host)
        || (authority.port() >= 0 && allowed.contains(host + ":" + authority.port()))) {
      return true;
    }
    return allowed.isEmpty() && viaLoopback(ctx) && isLoopback(host);
  }

  /**
   * Why the request may not be served, or {@code null}: a {@code Host} the API does not trust (a
   * loopback connection with a non-loopback name is how DNS rebinding reaches a local server), or a
   * browser request marked cross-site on a route where that matters.
   */
  ApiError refusal(RoutingContext ctx, boolean checkCrossSite) {
    HttpServerRequest request = ctx.request();
    HostAndPort authority = request.authority();
    String rawHost = request.getHeader("Host");
    boolean hostOk;
    if (authority == null) {
      hostOk = rawHost == null; // HTTP/1.0 without Host: the URLs use the server's address
    } else {
      hostOk =
          hostTrusted(ctx, authority)
              || (baseHost != null && baseHost.equalsIgnoreCase(authority.host()))
              || (!viaLoopback(ctx) && options.getAllowedHosts().isEmpty());
    }
    if (!hostOk) {
      return new ApiError(
          ErrorCode.FORBIDDEN,
          "the Host header '"
              + printable(rawHost)
              + "' is not one this server answers to; add it with"
              + " DurableHttpApiOptions.addAllowedHost or set a baseUrl");
    }
    if (checkCrossSite && isCrossSite(ctx)) {
      return new ApiError(
          ErrorCode.FORBIDDEN,
          "a cross-site browser request may not change state here (Origin '"
              + printable(request.getHeader("Origin"))
              + "'); allow its origin with DurableHttpApiOptions.addAllowedOrigin");
    }
    return null;
  }

  /** Whether a method can change state; for these, cross-site browser requests are refused. */
  static boolean changesState(HttpMethod method) {
    return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
  }

  /**
   * Whether a browser marked the request as coming from another site: {@code Sec-Fetch-Site} says
   * {@code cross-site} or {@code same-site}, or (from a browser that does not send it) an {@code
   * Origin} other than the server's own. An allowed origin is never cross-site. Clients that are
   * not browsers send neither header.
   */
  private boolean isCrossSite(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    String site = ctx.request().getHeader("Sec-Fetch-Site");
    if (site != null) {
      site = site.strip().toLowerCase(Locale.ROOT);
      if (site.equals("same-origin") || site.equals("none")) {
        return false;
      }
    }
    if (origin != null && originAllowed(origin)) {
      return false;
    }
    if (site != null && (site.equals("cross-site") || site.equals("same-site"))) {
      return true;
    }
    if (origin == null) {
      return false;
    }
    return !origin.strip().equalsIgnoreCase(origin(ctx));
  }

  private boolean originAllowed(String origin) {
    List<String> allowed = options.getAllowedOrigins();
    String o = origin.strip().toLowerCase(Locale.ROOT);
    return allowed.contains("*") || (!o.equals("null") && allowed.contains(o));
  }

  /** Whether the request carries the API's key ({@code x-functions-key} or {@code ?code=}). */
  boolean keyPresented(RoutingContext ctx) {
    String key = options.getKey();
    if (key == null) {
      return false;
    }
    String given = ctx.request().getHeader("x-functions-key");
    if (given == null || given.isEmpty()) {
      given = Params.lenient(ctx, "code");
    }
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The scheme and authority URLs handed back start with: the configured base URL; else the
   * request's {@code Host} when it is trusted; else the address the server was reached on. Never
   * throws.
   */
  String origin(RoutingContext ctx) {
    if (options.getBaseUrl() != null) {
      return options.getBaseUrl();
    }
    HttpServerRequest request = ctx.request();
    String scheme = request.isSSL() ? "https" : "http";
    try {
      HostAndPort authority = request.authority();
      if (hostTrusted(ctx, authority)) {
        return scheme + "://" + hostPort(authority.host(), authority.port());
      }
      SocketAddress local = request.localAddress();
      if (local != null && local.isInetSocket()) {
        String address = local.hostAddress() != null ? local.hostAddress() : local.host();
        return scheme + "://" + hostPort(address, local.port());
      }
    } catch (RuntimeException e) {
      // fall through to the loopback name: an answer must still be built
    }
    return scheme + "://localhost";
  }

  private static String hostPort(String host, int port) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return port >= 0 ? h + ":" + port : h;
  }

  /** {@code text} with control characters replaced, short enough to quote in an error. */
  static String printable(String text) {
    if (text == null) {
      return "";
    }
    var b = new StringBuilder();
    text.codePoints()
        .limit(200)
        .forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
