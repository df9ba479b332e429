package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.orchestration.DurableHttpRequest;
import dev.baton.core.orchestration.DurableHttpResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in activity behind {@code ctx.callHttp}: one HTTP exchange, made with Vert.x's own
 * non-blocking HTTP client on the activity worker's context, and the JSON forms of its input and
 * result as they are stored in history. The input ({@code TaskScheduled}) is {@code {method, uri,
 * headers, body, timeoutMs}}; the result ({@code TaskCompleted}) is {@code {status, headers (name
 * -> list of values), body}}. Polling and retries are orchestration logic around it, so each
 * exchange is one activity call in history and a replay never sends it again.
 */
public final class HttpActivity {

  /** The activity name in history; no user activity may be registered under it. */
  public static final String NAME = "BuiltIn::HttpActivity";

  /** How long one exchange may wait for an answer when the call has no shorter timeout. */
  public static final long EXCHANGE_TIMEOUT_MS = 100_000;

  /** The largest response body kept (it goes into history): 16 MiB. */
  public static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  private final Vertx vertx;
  private HttpClient client;

  HttpActivity(Vertx vertx) {
    this.vertx = vertx;
  }

  // ---- the JSON forms kept in history -------------------------------------------------------

  /** The input of one exchange. */
  public static String input(
      String method, URI uri, Map<String, String> headers, String body, long timeoutMs) {
    var json = new JsonObject().put("method", method).put("uri", uri.toString());
    if (!headers.isEmpty()) {
      json.put("headers", new JsonObject(new LinkedHashMap<>(headers)));
    }
    if (body != null) {
      json.put("body", body);
    }
    return json.put("timeoutMs", timeoutMs).encode();
  }

  /**
   * {@code uri} when a poll may be sent to it: absolute, {@code http} or {@code https}, with a
   * host.
   *
   * @throws BatonException with {@code INVALID_ARGUMENT} when not
   */
  public static URI pollable(URI uri) {
    return new DurableHttpRequest(HttpMethod.GET, uri).getUri();
  }

  /**
   * Reads the result of one exchange.
   *
   * @throws BatonException with {@code DESERIALIZATION} when it is not one
   */
  public static DurableHttpResponse response(String json) {
    try {
      JsonObject o = new JsonObject(json);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      JsonObject h = o.getJsonObject("headers", new JsonObject());
      for (String name : h.fieldNames()) {
        List<String> values = new ArrayList<>();
        for (Object v : h.getJsonArray(name)) {
          values.add(String.valueOf(v));
        }
        headers.put(name, values);
      }
      return new DurableHttpResponse(o.getInteger("status"), headers, o.getString("body"));
    } catch (RuntimeException e) {
      throw new BatonException(
          ErrorCode.DESERIALIZATION,
          "the result of " + NAME + " is not an HTTP response: " + e.getMessage(),
          e);
    }
  }

  private static String result(HttpClientResponse response, Buffer body) {
    var headers = new JsonObject();
    for (Map.Entry<String, String> h : response.headers()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      JsonArray values = headers.getJsonArray(name);
      if (values == null) {
        values = new JsonArray();
        headers.put(name, values);
      }
      values.add(h.getValue());
    }
    var json = new JsonObject().put("status", response.statusCode()).put("headers", headers);
    if (body.length() > 0) {
      json.put("body", body.toString(StandardCharsets.UTF_8));
    }
    return json.encode();
  }

  // ---- the exchange -----------------------------------------------------------------------

  /**
   * Sends the request {@code inputJson} describes and answers the result's JSON; fails on a network
   * error, no answer within its timeout, or a body over {@link #MAX_RESPONSE_BYTES}. Called on the
   * worker's context; nothing here blocks.
   */
  Future<String> exchange(String inputJson) {
    RequestOptions options;
    String body;
    try {
      JsonObject in = new JsonObject(inputJson);
      long timeout = in.getLong("timeoutMs", EXCHANGE_TIMEOUT_MS);
      options =
          new RequestOptions()
              .setMethod(HttpMethod.valueOf(in.getString("method")))
              .setAbsoluteURI(in.getString("uri"))
              .setFollowRedirects(false)
              .setConnectTimeout(timeout)
              .setTimeout(timeout);
      JsonObject headers = in.getJsonObject("headers", new JsonObject());
      for (String name : headers.fieldNames()) {
        options.putHeader(name, headers.getString(name));
      }
      body = in.getString("body");
    } catch (RuntimeException e) {
      return Future.failedFuture(
          new BatonException(
              ErrorCode.DESERIALIZATION, "not an input of " + NAME + ": " + e.getMessage(), e));
    }
    return client()
        .request(options)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(response -> readBody(response).map(b -> result(response, b)));
  }

  private static Future<Buffer> readBody(HttpClientResponse response) {
    Promise<Buffer> promise = Promise.promise();
    String length = response.getHeader("content-length");
    if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19) {
      if (Long.parseLong(length) > MAX_RESPONSE_BYTES) {
        response.request().reset();
        return Future.failedFuture(tooLarge(response));
      }
    }
    Buffer body = Buffer.buffer();
    response.handler(
        chunk -> {
          if (body.length() + chunk.length() > MAX_RESPONSE_BYTES) {
            if (promise.tryFail(tooLarge(response))) {
              response.request().reset();
            }
          } else {
            body.appendBuffer(chunk);
          }
        });
    response.exceptionHandler(promise::tryFail);
    response.endHandler(v -> promise.tryComplete(body));
    return promise.future();
  }

  private static BatonException tooLarge(HttpClientResponse response) {
    return new BatonException(
        ErrorCode.INVALID_ARGUMENT,
        "the answer to "
            + response.request().getMethod()
            + " "
            + response.request().absoluteURI()
            + " has a body over "
            + MAX_RESPONSE_BYTES
            + " bytes, more than an HTTP call keeps in history; fetch it from an activity");
  }

  private HttpClient client() {
    if (client == null) {
      client =
          vertx.createHttpClient(
              new HttpClientOptions().setName("baton-http-activity").setVerifyHost(true));
    }
    return client;
  }

  /** Closes the client, if one was made. */
  Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
