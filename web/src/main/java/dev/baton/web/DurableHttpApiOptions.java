package dev.baton.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Options of the {@link DurableHttpApi}: where it is mounted, how it is protected (a key, an
 * authentication handler, the hosts and browser origins it trusts), how large a request body may
 * be, and the task hub and connection names its URLs carry. The defaults are safe: an API without a
 * key or authentication handler serves loopback only, trusts only loopback {@code Host} headers and
 * refuses cross-site browser requests.
 *
 * <pre>{@code
 * var options = new DurableHttpApiOptions()
 *     .setKey(System.getenv("BATON_KEY"))   // clients send ?code=... or x-functions-key
 *     .setBaseUrl("https://api.example.com") // the origin of the URLs the API hands out
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
  private List<String> allowedHosts = new ArrayList<>();
  private List<String> allowedOrigins = new ArrayList<>();
  private boolean allowUnprotected;

  public DurableHttpApiOptions() {}

  public DurableHttpApiOptions(DurableHttpApiOptions other) {
    this.mountPath = other.mountPath;
    this.bodyLimit = other.bodyLimit;
    this.key = other.key;
    this.authenticationHandler = other.authenticationHandler;
    this.taskHub = other.taskHub;
    this.connectionName = other.connectionName;
    this.baseUrl = other.baseUrl;
    this.allowedHosts = new ArrayList<>(other.allowedHosts);
    this.allowedOrigins = new ArrayList<>(other.allowedOrigins);
    this.allowUnprotected = other.allowUnprotected;
  }

  /**
   * Options from JSON: {@code mountPath}, {@code bodyLimit}, {@code key}, {@code taskHub}, {@code
   * connectionName}, {@code baseUrl}, {@code allowedHosts}, {@code allowedOrigins}, {@code
   * allowUnprotected}. An authentication handler is code, so it is set in code.
   */
  public DurableHttpApiOptions(JsonObject json) {
    setMountPath(json.getString("mountPath", DEFAULT_MOUNT_PATH));
    setBodyLimit(json.getLong("bodyLimit", DEFAULT_BODY_LIMIT));
    setKey(json.getString("key"));
    setTaskHub(json.getString("taskHub"));
    setConnectionName(json.getString("connectionName", DEFAULT_CONNECTION_NAME));
    setBaseUrl(json.getString("baseUrl"));
    JsonArray hosts = json.getJsonArray("allowedHosts", new JsonArray());
    for (int i = 0; i < hosts.size(); i++) {
      addAllowedHost(hosts.getString(i));
    }
    JsonArray origins = json.getJsonArray("allowedOrigins", new JsonArray());
    for (int i = 0; i < origins.size(); i++) {
      addAllowedOrigin(origins.getString(i));
    }
    setAllowUnprotected(json.getBoolean("allowUnprotected", false));
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
   * x-functions-key} header; {@code null} (the default) leaves the API open to loopback callers
   * only (see {@link #setAllowUnprotected}). Management URLs carry it, as Durable Functions' do,
   * but only in answers to a request that presented it.
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
   * set) and before the request body is read, so an anonymous caller cannot make the server buffer
   * a body; e.g. a JWT or basic-auth handler.
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
   * The task hub name written into management URLs as {@code taskHub=}; {@code null} (the default)
   * writes the engine's own hub name ({@code DurableClient.taskHub()}), as Durable Functions does.
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
   * behind a proxy; its host is also accepted in {@code Host} headers. {@code null} (the default)
   * takes them from a request's {@code Host} when that is trusted (an allowed host, or a loopback
   * name on a loopback connection) and from the server's own address otherwise.
   */
  public DurableHttpApiOptions setBaseUrl(String baseUrl) {
    if (baseUrl == null || baseUrl.isEmpty()) {
      this.baseUrl = null;
      return this;
    }
    String trimmed = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("baseUrl is not a URL: '" + baseUrl + "'");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null
        || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "baseUrl must be a scheme and host (and port), like https://api.example.com, got '"
              + baseUrl
              + "'");
    }
    this.baseUrl = trimmed;
    return this;
  }

  public List<String> getAllowedHosts() {
    return List.copyOf(allowedHosts);
  }

  /**
   * Trusts {@code host} (a name or address, optionally with {@code :port}) in a request's {@code
   * Host} header: requests naming it are served and their URLs built on it. Without any allowed
   * host, a loopback connection accepts only loopback names ({@code localhost}, {@code 127.0.0.1},
   * {@code [::1]}), which also closes DNS rebinding; other hosts are refused with 403.
   */
  public DurableHttpApiOptions addAllowedHost(String host) {
    if (host == null || host.isBlank() || host.contains("/") || host.contains("@")) {
      throw new IllegalArgumentException(
          "an allowed host is a name or address with an optional :port, got '" + host + "'");
    }
    allowedHosts.add(host.strip().toLowerCase(Locale.ROOT));
    return this;
  }

  public List<String> getAllowedOrigins() {
    return List.copyOf(allowedOrigins);
  }

  /**
   * Lets browsers on {@code origin} (e.g. {@code https://ops.example.com}) send state-changing
   * requests; by default a request a browser marks cross-site ({@code Origin}, {@code
   * Sec-Fetch-Site}) is refused with 403, so no web page can start or terminate instances through
   * its visitors' browsers. {@code *} allows every origin.
   */
  public DurableHttpApiOptions addAllowedOrigin(String origin) {
    if (origin == null
        || origin.isBlank()
        || !(origin.equals("*") || origin.startsWith("http://") || origin.startsWith("https://"))) {
      throw new IllegalArgumentException(
          "an allowed origin is http(s)://host[:port] or *, got '" + origin + "'");
    }
    String o = origin.strip().toLowerCase(Locale.ROOT);
    allowedOrigins.add(o.endsWith("/") ? o.substring(0, o.length() - 1) : o);
    return this;
  }

  public boolean isAllowUnprotected() {
    return allowUnprotected;
  }

  /**
   * Serves the API without a key or an authentication handler on a non-loopback address. By default
   * such an API refuses to listen there ({@link DurableHttpApi#listen}) and answers 403 to requests
   * that reach it over a non-loopback connection; set this only when something in front (a gateway,
   * a private network) protects it. A warning is logged once when it takes effect.
   */
  public DurableHttpApiOptions setAllowUnprotected(boolean allowUnprotected) {
    this.allowUnprotected = allowUnprotected;
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
    json.put("allowedHosts", new JsonArray(new ArrayList<>(allowedHosts)));
    json.put("allowedOrigins", new JsonArray(new ArrayList<>(allowedOrigins)));
    json.put("allowUnprotected", allowUnprotected);
    return json;
  }
}
