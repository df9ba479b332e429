package dev.baton.web.impl;

import dev.baton.web.DurableHttpApiOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds the check-status payload: absolute management URLs of one instance, on the request's
 * scheme and host unless a base URL is configured, carrying {@code taskHub}, {@code connection} and
 * the key as Durable Functions' do. The placeholders {@code {eventName}} and {@code {text}} are
 * left for the caller to fill in.
 */
final class ManagementUrls {

  private final DurableHttpApiOptions options;
  private final String commonQuery;

  ManagementUrls(DurableHttpApiOptions options) {
    this.options = options;
    var q = new StringBuilder();
    append(q, "taskHub", options.getTaskHub());
    append(q, "connection", options.getConnectionName());
    append(q, "code", options.getKey());
    this.commonQuery = q.toString();
  }

  private static void append(StringBuilder q, String name, String value) {
    if (value == null) {
      return;
    }
    if (!q.isEmpty()) {
      q.append('&');
    }
    q.append(name).append('=').append(encode(value));
  }

  JsonObject payload(RoutingContext ctx, String instanceId) {
    String instance = base(ctx) + "/instances/" + encode(instanceId);
    return new JsonObject()
        .put("id", instanceId)
        .put("statusQueryGetUri", url(instance, null))
        .put("sendEventPostUri", url(instance + "/raiseEvent/{eventName}", null))
        .put("terminatePostUri", url(instance + "/terminate", "reason={text}"))
        .put("purgeHistoryDeleteUri", url(instance, null))
        .put("restartPostUri", url(instance + "/restart", null))
        .put("suspendPostUri", url(instance + "/suspend", "reason={text}"))
        .put("resumePostUri", url(instance + "/resume", "reason={text}"))
        .put("rewindPostUri", url(instance + "/rewind", "reason={text}"));
  }

  private String url(String path, String first) {
    if (first == null) {
      return commonQuery.isEmpty() ? path : path + "?" + commonQuery;
    }
    return commonQuery.isEmpty() ? path + "?" + first : path + "?" + first + "&" + commonQuery;
  }

  /** The scheme, authority and mount path management URLs start with. */
  String base(RoutingContext ctx) {
    String origin = options.getBaseUrl();
    if (origin == null) {
      URI uri = URI.create(ctx.request().absoluteURI());
      origin = uri.getScheme() + "://" + uri.getRawAuthority();
    }
    String mount = options.getMountPath();
    return "/".equals(mount) ? origin : origin + mount;
  }

  /** {@code value} percent-encoded for a path segment or a query value. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
