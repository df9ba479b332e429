package dev.baton.core.orchestration;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request made durably from orchestrator code with {@link
 * OrchestrationContext#callHttp(DurableHttpRequest)}: the method, an absolute {@code http} or
 * {@code https} URI, headers and a text body, plus how the call behaves. By default a {@code 202
 * Accepted} answer with a {@code Location} header is polled with {@code GET} until the answer is
 * something else (the asynchronous HTTP pattern of Durable Functions), waiting {@code Retry-After}
 * seconds when the server says so and {@link #getPollInterval()} otherwise; a timeout bounds the
 * whole call, polling included; a retry policy repeats an exchange that failed (a network error, or
 * an answer with status 429 or 5xx).
 *
 * <pre>{@code
 * DurableHttpResponse r = ctx.callHttp(
 *     new DurableHttpRequest(HttpMethod.POST, "https://reports.example.com/jobs")
 *         .putHeader("Content-Type", "application/json")
 *         .setBody("{\"month\":\"2026-11\"}")
 *         .setTimeout(Duration.ofMinutes(30))
 *         .setRetryPolicy(new RetryPolicy().setMaxAttempts(3))).await();
 * }</pre>
 *
 * <p>The request, headers included, is stored in the instance's history: do not put secrets in it
 * that the history's readers must not see.
 */
public final class DurableHttpRequest {

  /** The wait between two polls when the server sends no {@code Retry-After}: 30 seconds. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

  /** Whether 202 answers are polled by default: true. */
  public static final boolean DEFAULT_ASYNCHRONOUS_PATTERN_ENABLED = true;

  private final HttpMethod method;
  private final URI uri;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private String body;
  private boolean asynchronousPatternEnabled = DEFAULT_ASYNCHRONOUS_PATTERN_ENABLED;
  private Duration pollInterval = DEFAULT_POLL_INTERVAL;
  private Duration timeout;
  private RetryPolicy retryPolicy;

  /**
   * A request of {@code method} to {@code uri}.
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when the method is null, or the URI is
   *     null, relative, without a host, or of a scheme other than {@code http} and {@code https}
   */
  public DurableHttpRequest(HttpMethod method, URI uri) {
    if (method == null) {
      throw invalid("an HTTP method is required, e.g. HttpMethod.GET");
    }
    this.method = method;
    this.uri = checkUri(uri);
  }

  /**
   * A request of {@code method} to the URI {@code uri} as text.
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} as {@link #DurableHttpRequest(HttpMethod,
   *     URI)}, and when {@code uri} is not a URI
   */
  public DurableHttpRequest(HttpMethod method, String uri) {
    this(method, parse(uri));
  }

  /**
   * A request from its JSON form: {@code method}, {@code uri}, {@code headers} (an object of
   * strings), {@code body}, {@code asynchronousPatternEnabled}, {@code pollIntervalMs}, {@code
   * timeoutMs} and {@code retryPolicy} (see {@link RetryPolicy#RetryPolicy(JsonObject)}).
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when a field is missing or out of range
   */
  public DurableHttpRequest(JsonObject json) {
    this(methodOf(json.getString("method", "GET")), parse(json.getString("uri")));
    JsonObject h = json.getJsonObject("headers");
    if (h != null) {
      h.forEach(e -> putHeader(e.getKey(), e.getValue() == null ? null : e.getValue().toString()));
    }
    setBody(json.getString("body"));
    setAsynchronousPatternEnabled(
        json.getBoolean("asynchronousPatternEnabled", DEFAULT_ASYNCHRONOUS_PATTERN_ENABLED));
    setPollInterval(
        Duration.ofMillis(json.getLong("pollIntervalMs", DEFAULT_POLL_INTERVAL.toMillis())));
    Long t = json.getLong("timeoutMs");
    setTimeout(t == null ? null : Duration.ofMillis(t));
    JsonObject retry = json.getJsonObject("retryPolicy");
    setRetryPolicy(retry == null ? null : new RetryPolicy(retry));
  }

  public HttpMethod getMethod() {
    return method;
  }

  public URI getUri() {
    return uri;
  }

  /** The headers sent, in the order they were put (read-only). */
  public Map<String, String> getHeaders() {
    return Collections.unmodifiableMap(headers);
  }

  /**
   * Sets a header, replacing a value put before under the same name (names ignore case).
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when the name is not an HTTP token or the
   *     value is null or holds a line break or another control character
   */
  public DurableHttpRequest putHeader(String name, String value) {
    if (name == null || name.isEmpty() || !name.chars().allMatch(DurableHttpRequest::isTokenChar)) {
      throw invalid("a header name must be a non-empty HTTP token, got '" + name + "'");
    }
    if (value == null || value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
      throw invalid(
          "the value of header '" + name + "' must not be null or hold control characters");
    }
    headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    headers.put(name, value);
    return this;
  }

  public String getBody() {
    return body;
  }

  /** The body, sent as UTF-8 text; {@code null} sends none. */
  public DurableHttpRequest setBody(String body) {
    this.body = body;
    return this;
  }

  public boolean isAsynchronousPatternEnabled() {
    return asynchronousPatternEnabled;
  }

  /**
   * Whether a {@code 202} answer with a {@code Location} header is polled until the answer is
   * something else (true by default); false returns the {@code 202} itself.
   */
  public DurableHttpRequest setAsynchronousPatternEnabled(boolean asynchronousPatternEnabled) {
    this.asynchronousPatternEnabled = asynchronousPatternEnabled;
    return this;
  }

  public Duration getPollInterval() {
    return pollInterval;
  }

  /**
   * The wait between polls (a durable timer) when the {@code 202} carries no {@code Retry-After}.
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when null or negative
   */
  public DurableHttpRequest setPollInterval(Duration pollInterval) {
    if (pollInterval == null || pollInterval.isNegative()) {
      throw invalid("a poll interval must be zero or positive, got " + pollInterval);
    }
    this.pollInterval = pollInterval;
    return this;
  }

  public Duration getTimeout() {
    return timeout;
  }

  /**
   * How long the whole call may take, retries and polling included (a durable timer); then the task
   * fails with a {@link TaskTimeoutException} and no further request is sent. {@code null}: no
   * limit (each exchange still gives up after 100 seconds without an answer).
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when zero or negative
   */
  public DurableHttpRequest setTimeout(Duration timeout) {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw invalid("an HTTP call timeout must be positive, got " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  public RetryPolicy getRetryPolicy() {
    return retryPolicy;
  }

  /**
   * Retries an exchange (the first request or a poll) by this policy when it fails with a network
   * error or no answer in time, or answers 429 or 5xx. When the attempts run out, a network error
   * fails the task with a {@link TaskFailedException} and a status answer is returned as it is.
   * {@code null} (the default): one attempt, and every answer is returned as it is.
   */
  public DurableHttpRequest setRetryPolicy(RetryPolicy retryPolicy) {
    this.retryPolicy = retryPolicy;
    return this;
  }

  /** The JSON form of this request. */
  public JsonObject toJson() {
    var json = new JsonObject().put("method", method.name()).put("uri", uri.toString());
    if (!headers.isEmpty()) {
      json.put("headers", new JsonObject(new LinkedHashMap<>(headers)));
    }
    if (body != null) {
      json.put("body", body);
    }
    json.put("asynchronousPatternEnabled", asynchronousPatternEnabled);
    json.put("pollIntervalMs", pollInterval.toMillis());
    if (timeout != null) {
      json.put("timeoutMs", timeout.toMillis());
    }
    if (retryPolicy != null) {
      json.put("retryPolicy", retryPolicy.toJson());
    }
    return json;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DurableHttpRequest r
        && method.equals(r.method)
        && uri.equals(r.uri)
        && headers.equals(r.headers)
        && Objects.equals(body, r.body)
        && asynchronousPatternEnabled == r.asynchronousPatternEnabled
        && pollInterval.equals(r.pollInterval)
        && Objects.equals(timeout, r.timeout)
        && Objects.equals(retryPolicy, r.retryPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, uri, headers, body, timeout);
  }

  @Override
  public String toString() {
    return method.name() + " " + uri;
  }

  private static URI checkUri(URI uri) {
    if (uri == null) {
      throw invalid("an HTTP call needs a URI");
    }
    if (!uri.isAbsolute()) {
      throw invalid(
          "the URI of an HTTP call must be absolute (http://... or https://...), got '"
              + uri
              + "'");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid("an HTTP call supports the schemes http and https, got '" + uri + "'");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw invalid("the URI of an HTTP call needs a host, got '" + uri + "'");
    }
    return uri;
  }

  private static URI parse(String uri) {
    if (uri == null) {
      throw invalid("an HTTP call needs a URI");
    }
    try {
      return new URI(uri);
    } catch (URISyntaxException e) {
      throw invalid("'" + uri + "' is not a URI: " + e.getMessage());
    }
  }

  private static HttpMethod methodOf(String name) {
    if (name == null || name.isEmpty() || !name.chars().allMatch(DurableHttpRequest::isTokenChar)) {
      throw invalid("'" + name + "' is not an HTTP method");
    }
    return HttpMethod.valueOf(name);
  }

  private static boolean isTokenChar(int c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }

  private static BatonException invalid(String message) {
    return new BatonException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
