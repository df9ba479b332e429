package dev.baton.web.impl;

import dev.baton.web.DurableHttpApiOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds the check-status payload: absolute management URLs of one instance on an origin the {@link
 * RequestGuard} vouches for, carrying {@code taskHub} and {@code connection} as Durable Functions'
 * do (the request's, else the configured ones, else the engine's hub), and the key only for a
 * caller who presented it. The placeholders {@code {eventName}} and {@code {text}} are left for the
 * caller to fill in. Building a payload cannot fail: any instance id is percent-encoded, and
 * nothing of the request is parsed here.
 */
final class ManagementUrls {

  private final DurableHttpApiOptions options;

  ManagementUrls(DurableHttpApiOptions options) {
    this.options = options;
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

  /**
   * The query every URL ends with, as Durable Functions writes it: {@code taskHub} and {@code
   * connection} as the request named them (they are accepted and ignored, and handed back), else as
   * configured, else (the hub) the engine's {@code engineTaskHub} when known; then the key when
   * {@code withKey}.
   */
  String commonQuery(
      String requestTaskHub, String requestConnection, String engineTaskHub, boolean withKey) {
    var q = new StringBuilder();
    String configured = options.getTaskHub() != null ? options.getTaskHub() : engineTaskHub;
    append(q, "taskHub", blankToNull(requestTaskHub, configured));
    append(q, "connection", blankToNull(requestConnection, options.getConnectionName()));
    if (withKey) {
      append(q, "code", options.getKey());
    }
    return q.toString();
  }

  private static String blankToNull(String value, String otherwise) {
    return value == null || value.isBlank() ? otherwise : value;
  }

  /**
   * The payload of {@code instanceId} on {@code origin} (scheme and authority), each URL ending in
   * {@code common} (from {@link #commonQuery}).
   */
  JsonObject payload(String origin, String instanceId, String common) {
    String instance = base(origin) + "/instances/" + encode(instanceId);
    return new JsonObject()
        .put("id", instanceId)
        .put("statusQueryGetUri", url(instance, null, common))
        .put("sendEventPostUri", url(instance + "/raiseEvent/{eventName}", null, common))
        .put("terminatePostUri", url(instance + "/terminate", "reason={text}", common))
        .put("purgeHistoryDeleteUri", url(instance, null, common))
        .put("restartPostUri", url(instance + "/restart", null, common))
        .put("suspendPostUri", url(instance + "/suspend", "reason={text}", common))
        .put("resumePostUri", url(instance + "/resume", "reason={text}", common))
        .put("rewindPostUri", url(instance + "/rewind", "reason={text}", common));
  }

  private static String url(String path, String first, String common) {
    if (first == null) {
      return common.isEmpty() ? path : path + "?" + common;
    }
    return common.isEmpty() ? path + "?" + first : path + "?" + first + "&" + common;
  }

  /** {@code origin} plus the mount path. */
  private String base(String origin) {
    String mount = options.getMountPath();
    return "/".equals(mount) ? origin : origin + mount;
  }

  /** {@code value} percent-encoded for a path segment or a query value. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
