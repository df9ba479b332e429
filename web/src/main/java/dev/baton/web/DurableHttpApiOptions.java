package dev.baton.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.AuthenticationHandler;

/**
 * Options of the {@link DurableHttpApi}: where it is mounted, how it is protected, how large a
 * request body may be, and the task hub and connection names its URLs carry.
 *
 * <pre>{@code
 * var options = new DurableHttpApiOptions()
 *     .setKey(System.getenv("BATON_KEY"))   // clients send ?code=... or x-functions-key
 *     .setBodyLimit(256 * 1024);
 * }</pre>
 */
public final class DurableHttpApiOptions {

  /** The path Durable Functions serves its HTTP API under. */
  public static final String DEFAULT_MOUNT_PATH = "/runtime/webhooks/durabletask";

  /** The largest request body accepted by default: 1 MiB. */
  public static final long DEFAULT_BODY_LIMIT = 1024 * 1024;

  /** The connection name written into management URLs, as Durable Functions does. */
  public static final String DEFAULT_CONNECTION_NAME = "Storage";

  private String mountPath = DEFAULT_MOUNT_PATH;
  private long bodyLimit = DEFAULT_BODY_LIMIT;
  private String key;
  private AuthenticationHandler authenticationHandler;
  private String taskHub;
  private String connectionName = DEFAULT_CONNECTION_NAME;
  private String baseUrl;

  public DurableHttpApiOptions() {}

  public DurableHttpApiOptions(DurableHttpApiOptions other) {
    this.mountPath = other.mountPath;
    this.bodyLimit = other.bodyLimit;
    this.key = other.key;
    this.authenticationHandler = other.authenticationHandler;
    this.taskHub = other.taskHub;
    this.connectionName = other.connectionName;
    this.baseUrl = other.baseUrl;
  }

  /**
   * Options from JSON: {@code mountPath}, {@code bodyLimit}, {@code key}, {@code taskHub}, {@code
   * connectionName}, {@code baseUrl}. An authentication handler is code, so it is set in code.
   */
  public DurableHttpApiOptions(JsonObject json) {
    setMountPath(json.getString("mountPath", DEFAULT_MOUNT_PATH));
    setBodyLimit(json.getLong("bodyLimit", DEFAULT_BODY_LIMIT));
    setKey(json.getString("key"));
    setTaskHub(json.getString("taskHub"));
    setConnectionName(json.getString("connectionName", DEFAULT_CONNECTION_NAME));
    setBaseUrl(json.getString("baseUrl"));
  }

  public String getMountPath() {
    return mountPath;
  }

  /**
   * Where the API's router is mounted; the check-status URLs point there. Default {@value
   * #DEFAULT_MOUNT_PATH}.
   */
  public DurableHttpApiOptions setMountPath(String mountPath) {
    if (mountPath == null || !mountPath.startsWith("/")) {
      throw new IllegalArgumentException("mountPath must start with '/', got " + mountPath);
    }
    this.mountPath =
        mountPath.length() > 1 && mountPath.endsWith("/")
            ? mountPath.substring(0, mountPath.length() - 1)
            : mountPath;
    return this;
  }

  public long getBodyLimit() {
    return bodyLimit;
  }

  /** The largest request body in bytes; larger ones are answered 413. */
  public DurableHttpApiOptions setBodyLimit(long bodyLimit) {
    if (bodyLimit < 1) {
      throw new IllegalArgumentException("bodyLimit must be positive, got " + bodyLimit);
    }
    this.bodyLimit = bodyLimit;
    return this;
  }

  public String getKey() {
    return key;
  }

  /**
   * A shared key that every request must carry, as the {@code code} query parameter or the {@code
   * x-functions-key} header; {@code null} (the default) leaves the API open. Management URLs the
   * API hands out carry it, as Durable Functions' do.
   */
  public DurableHttpApiOptions setKey(String key) {
    this.key = key == null || key.isEmpty() ? null : key;
    return this;
  }

  public AuthenticationHandler getAuthenticationHandler() {
    return authenticationHandler;
  }

  /**
   * A Vert.x authentication handler that runs before every route (after the key check when both are
   * set); e.g. a JWT or basic-auth handler.
   */
  public DurableHttpApiOptions setAuthenticationHandler(
      AuthenticationHandler authenticationHandler) {
    this.authenticationHandler = authenticationHandler;
    return this;
  }

  public String getTaskHub() {
    return taskHub;
  }

  /**
   * The task hub name written into management URLs as {@code taskHub=}; {@code null} leaves it out.
   * Incoming {@code taskHub} parameters are accepted and ignored: the API serves its engine's hub.
   */
  public DurableHttpApiOptions setTaskHub(String taskHub) {
    this.taskHub = taskHub;
    return this;
  }

  public String getConnectionName() {
    return connectionName;
  }

  /** The connection name written into management URLs; {@code null} leaves it out. */
  public DurableHttpApiOptions setConnectionName(String connectionName) {
    this.connectionName = connectionName;
    return this;
  }

  public String getBaseUrl() {
    return baseUrl;
  }

  /**
   * The scheme and authority of management URLs, e.g. {@code https://api.example.com}, for a server
   * behind a proxy; {@code null} (the default) takes them from each request's host.
   */
  public DurableHttpApiOptions setBaseUrl(String baseUrl) {
    this.baseUrl =
        baseUrl != null && baseUrl.endsWith("/")
            ? baseUrl.substring(0, baseUrl.length() - 1)
            : baseUrl;
    return this;
  }

  public JsonObject toJson() {
    var json = new JsonObject().put("mountPath", mountPath).put("bodyLimit", bodyLimit);
    if (key != null) {
      json.put("key", key);
    }
    if (taskHub != null) {
      json.put("taskHub", taskHub);
    }
    if (connectionName != null) {
      json.put("connectionName", connectionName);
    }
    if (baseUrl != null) {
      json.put("baseUrl", baseUrl);
    }
    return json;
  }
}
