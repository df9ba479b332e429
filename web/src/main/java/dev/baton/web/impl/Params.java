package dev.baton.web.impl;

import dev.baton.core.RuntimeStatus;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads query parameters strictly: a value that cannot be read is a 400 naming the parameter. */
final class Params {

  /** The parameters every route accepts and ignores, and that end an unencoded reason. */
  private static final List<String> COMMON = List.of("taskHub", "connection", "code");

  private Params() {}

  /**
   * The parameter's value; {@code null} when absent or empty.
   *
   * @throws ApiError 400 when the query string cannot be decoded (a stray {@code %})
   */
  static String string(RoutingContext ctx, String name) {
    String v;
    try {
      v = ctx.queryParams().get(name);
    } catch (RuntimeException e) {
      throw ApiError.badRequest(
          "the query string is not URL-encoded: a '%' must start an escape like %25 (found near"
              + " parameter '"
              + name
              + "')");
    }
    return v == null || v.isEmpty() ? null : v;
  }

  /** The prefix of the query parameters that carry tags: {@code tag.{name}={value}}. */
  static final String TAG_PREFIX = "tag.";

  /**
   * The tags given as {@code tag.{name}={value}} parameters (empty when none); a name given twice
   * or an empty name is a 400. The values are checked as the client checks tags.
   */
  static Map<String, String> tags(RoutingContext ctx) {
    Map<String, String> tags = new TreeMap<>();
    try {
      for (Map.Entry<String, String> e : ctx.queryParams()) {
        if (!e.getKey().startsWith(TAG_PREFIX)) {
          continue;
        }
        String name = e.getKey().substring(TAG_PREFIX.length());
        if (name.isBlank()) {
          throw ApiError.badRequest("a tag parameter needs a name: tag.{name}={value}");
        }
        if (tags.put(name, e.getValue()) != null) {
          throw ApiError.badRequest("the tag '" + name + "' is given twice");
        }
      }
    } catch (ApiError e) {
      throw e;
    } catch (RuntimeException e) {
      throw ApiError.badRequest(
          "the query string is not URL-encoded: a '%' must start an escape like %25");
    }
    return tags;
  }

  /** Whether every {@code %} in {@code query} starts a well-formed escape. */
  static boolean isDecodable(String query) {
    if (query == null) {
      return true;
    }
    for (int i = query.indexOf('%'); i >= 0; i = query.indexOf('%', i + 1)) {
      if (i + 2 >= query.length() || hex(query.charAt(i + 1)) < 0 || hex(query.charAt(i + 2)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The first value of {@code name} read from the raw query string, decoding percent-escapes only
   * where they are well formed; {@code null} when absent. Never throws.
   */
  static String lenient(RoutingContext ctx, String name) {
    String query = ctx.request().query();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        return eq < 0 ? "" : lenientDecode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  static boolean bool(RoutingContext ctx, String name, boolean defaultValue) {
    String v = string(ctx, name);
    if (v == null) {
      return defaultValue;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw ApiError.badRequest(
              "query parameter '" + name + "' must be true or false, got '" + v + "'");
    };
  }

  /** A positive integer, or {@code defaultValue} when absent. */
  static int positiveInt(RoutingContext ctx, String name, int defaultValue) {
    String v = string(ctx, name);
    if (v == null) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiError.badRequest(
        "query parameter '" + name + "' must be a positive integer, got '" + v + "'");
  }

  /** A duration given in (possibly fractional) seconds, or {@code null} when absent. */
  static Duration seconds(RoutingContext ctx, String name) {
    String v = string(ctx, name);
    if (v == null) {
      return null;
    }
    try {
      double s = Double.parseDouble(v.strip());
      if (s >= 0 && s <= Duration.ofDays(1).toSeconds()) {
        return Duration.ofMillis(Math.round(s * 1000));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiError.badRequest(
        "query parameter '"
            + name
            + "' must be a number of seconds up to one day, got '"
            + v
            + "'");
  }

  /**
   * A comma-separated list of runtime statuses; empty when absent (no filter).
   *
   * @throws ApiError 400 naming the parameter when a status is unknown
   */
  static Set<RuntimeStatus> statuses(RoutingContext ctx, String name) {
    Set<RuntimeStatus> set = EnumSet.noneOf(RuntimeStatus.class);
    String text = string(ctx, name);
    if (text == null) {
      return set;
    }
    for (String s : text.split(",")) {
      if (s.isBlank()) {
        continue;
      }
      try {
        set.add(RuntimeStatus.parse(s.strip()));
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("query parameter '" + name + "': " + e.getMessage());
      }
    }
    return set;
  }

  static Instant time(RoutingContext ctx, String name) {
    String v = string(ctx, name);
    return v == null ? null : WireTime.parse(name, v);
  }

  /**
   * The {@code reason} parameter. Durable Functions' clients put the reason into the URL without
   * encoding it, so it may hold {@code &} or {@code %} of its own: it runs up to the next parameter
   * every route knows ({@code taskHub}, {@code connection}, {@code code}) or the end, and
   * percent-escapes are decoded only where they are well formed.
   */
  static String reason(RoutingContext ctx) {
    String query = ctx.request().query();
    if (query == null) {
      return null;
    }
    int start = query.startsWith("reason=") ? 0 : query.indexOf("&reason=") + 1;
    if (start == 0 && !query.startsWith("reason=")) {
      return null;
    }
    start += "reason=".length();
    int end = query.length();
    for (String common : COMMON) {
      int at = query.indexOf("&" + common + "=", start);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    return lenientDecode(query.substring(start, end));
  }

  /**
   * Decodes the well-formed percent-escapes of {@code raw} and reads {@code +} as a space; a {@code
   * %} not followed by two hex digits stays as it is ({@code 100%} is "100%").
   */
  static String lenientDecode(String raw) {
    var bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%'
          && i + 2 < raw.length()
          && hex(raw.charAt(i + 1)) >= 0
          && hex(raw.charAt(i + 2)) >= 0) {
        bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
          b = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
