package dev.baton.web.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.impl.LogSafe;
import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.UUID;

/** Writes the API's answers: JSON bodies, and errors as {@code {"error": code, "message": ...}}. */
public final class Replies {

  private static final System.Logger LOG = System.getLogger(Replies.class.getName());
  private static final String JSON = "application/json; charset=utf-8";

  private Replies() {}

  /** Answers {@code status} with {@code body} encoded as JSON ({@code null} gives {@code null}). */
  public static Future<Void> json(RoutingContext ctx, int status, Object body) {
    return rawJson(ctx, status, Json.encode(body));
  }

  /** Answers {@code status} with JSON text that is already encoded. */
  public static Future<Void> rawJson(RoutingContext ctx, int status, String json) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return Future.succeededFuture();
    }
    return response
        .setStatusCode(status)
        .putHeader("Content-Type", JSON)
        .end(json == null ? "null" : json);
  }

  /**
   * The JSON value of payload text kept by the engine, or the text itself when it is not JSON (as
   * Durable Functions does); {@code null} stays null.
   */
  public static Object jsonValue(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Json.decodeValue(text);
    } catch (DecodeException e) {
      return text;
    }
  }

  /**
   * Reads a request body as JSON: empty is {@code null}.
   *
   * @throws ApiError 400 {@link ErrorCode#INVALID_JSON} when it is not JSON
   */
  public static Object parseBody(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new ApiError(
          ErrorCode.INVALID_JSON,
          "the request body is not valid JSON" + where(e) + "; send JSON or an empty body");
    }
  }

  /** Where the parser stopped, as " (line L, column C)", without the parser's own words. */
  private static String where(DecodeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonProcessingException j && j.getLocation() != null) {
        return " (line "
            + j.getLocation().getLineNr()
            + ", column "
            + j.getLocation().getColumnNr()
            + ")";
      }
    }
    return "";
  }

  /**
   * Answers with the error {@code failure} maps to, as {@code {"error": code, "message": ...}}. A
   * failure nobody expected (500) and a store failure (503) are logged with an incident id, and the
   * answer carries only that id: neither a stack trace nor a store SDK's words reach the caller.
   */
  public static void error(RoutingContext ctx, Throwable failure) {
    ApiError e = toApiError(failure);
    boolean store = e.errorCode() == ErrorCode.STORE;
    if (store || e.errorCode() == ErrorCode.INTERNAL) {
      String incident = UUID.randomUUID().toString();
      LOG.log(
          System.Logger.Level.ERROR,
          (store ? "store failure " : "internal error ")
              + incident
              + " on "
              + ctx.request().method()
              + " "
              + LogSafe.text(ctx.request().path()),
          LogSafe.thrown(failure));
      e =
          new ApiError(
              e.status(),
              e.errorCode(),
              store
                  ? "the store could not complete the request (incident "
                      + incident
                      + "); retry later"
                  : "internal error " + incident + "; the server log has details");
    }
    json(ctx, e.status(), new JsonObject().put("error", e.code()).put("message", e.getMessage()));
  }

  /**
   * The HTTP error for {@code t}: a {@link BatonException} keeps its code, a store's failure takes
   * its reason's code ({@link StoreException.Reason#code()}), each answered with the code's status.
   */
  public static ApiError toApiError(Throwable t) {
    if (t instanceof ApiError e) {
      return e;
    }
    if (t instanceof BatonException be) {
      return new ApiError(be.code(), be.getMessage());
    }
    if (t instanceof StoreException se) {
      // the store's own words may carry internal detail: the answer says only what happened
      ErrorCode code = se.reason().code();
      return new ApiError(
          code,
          switch (code) {
            case STORE_CONFLICT -> "a concurrent change to the same item came first; retry";
            case PAYLOAD_TOO_LARGE -> "a value is over the store's limit; send less";
            case INVALID_INSTANCE_ID -> "an id the store cannot hold as a key; choose another";
            default -> "the store failed";
          });
    }
    if (t instanceof HttpException he) {
      return byStatus(he.getStatusCode(), he.getPayload());
    }
    if (t instanceof IllegalArgumentException) {
      // a store refusing an argument, e.g. a continuation token it did not issue; its own words
      // may carry internal detail, so the answer names only what the caller can fix
      return ApiError.badRequest(
          "a query parameter or header was refused, e.g. an x-ms-continuation-token this server"
              + " did not issue");
    }
    return new ApiError(ErrorCode.INTERNAL, "internal error");
  }

  /** The error of a failed routing context: its failure, or its status alone (e.g. 413, 401). */
  public static Throwable fromFailedContext(RoutingContext ctx) {
    Throwable t = ctx.failure();
    int status = ctx.statusCode();
    if (t instanceof VertxException && status >= 400 && status < 500) {
      // Vert.x Web refused the request itself (e.g. HTTP/1.1 without Host); it says why
      return byStatus(status, t.getMessage());
    }
    if (t != null) {
      return t;
    }
    return byStatus(ctx.statusCode() > 0 ? ctx.statusCode() : 500, null);
  }

  /**
   * The error for a bare HTTP status from Vert.x Web, with {@code message} or a default one: the
   * code whose status it is, else {@link ErrorCode#INVALID_ARGUMENT} (4xx) or {@link
   * ErrorCode#INTERNAL} (5xx) under the status given.
   */
  static ApiError byStatus(int status, String message) {
    return switch (status) {
      case 400 -> ApiError.badRequest(message != null ? message : "bad request");
      case 401 ->
          new ApiError(
              ErrorCode.UNAUTHORIZED,
              message != null
                  ? message
                  : "missing or wrong credentials: send the key as ?code= or the x-functions-key"
                      + " header");
      case 403 -> new ApiError(ErrorCode.FORBIDDEN, message != null ? message : "not allowed");
      case 404 -> new ApiError(ErrorCode.NOT_FOUND, message != null ? message : "not found");
      case 413 ->
          new ApiError(
              ErrorCode.PAYLOAD_TOO_LARGE,
              message != null ? message : "the request body is over the server's limit");
      default ->
          status >= 500
              ? new ApiError(status, ErrorCode.INTERNAL, "internal error")
              : new ApiError(
                  status,
                  ErrorCode.INVALID_ARGUMENT,
                  message != null ? message : "request failed with status " + status);
    };
  }
}
