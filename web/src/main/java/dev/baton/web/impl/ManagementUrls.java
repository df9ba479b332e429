package dev.baton.web.impl;

import dev.baton.web.DurableHttpApiOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds the check-status payload: absolute management URLs of one instance on an origin the {@link
 * RequestGuard} vouches for, carrying {@code taskHub} and {@code connection} as Durable Functions'
 * do, and the key only for a caller who presented it. The placeholders {@code {eventName}} and
 * {@code {text}} are left for the caller to fill in. Building a payload cannot fail: any instance
 * id is percent-encoded, and nothing of the request is parsed here.
 */
final class ManagementUrls {

  private final DurableHttpApiOptions options;
  private final String commonQuery;
  private final String commonQueryWithKey;

  ManagementUrls(DurableHttpApiOptions options) {
    this.options = options;
    var q = new StringBuilder();
    append(q, "taskHub", options.getTaskHub());
    append(q, "connection", options.getConnectionName());
    this.commonQuery = q.toString();
    append(q, "code", options.getKey());
    this.commonQueryWithKey = q.toString();
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
   * The payload of {@code instanceId} on {@code origin} (scheme and authority); {@code withKey}
   * adds the key to every URL.
   */
  JsonObject payload(String origin, String instanceId, boolean withKey) {
    String common = withKey ? commonQueryWithKey : commonQuery;
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
