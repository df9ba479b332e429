package dev.baton.web.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.InstanceQuery;
import dev.baton.core.client.StartOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * The orchestration-instance routes of the API: start, status, list, purge and terminate. Each
 * handler answers exactly as Durable Functions' HTTP API does (DESIGN.md section 4).
 */
final class InstanceRoutes {

  /** The header that carries a query's continuation token both ways. */
  static final String CONTINUATION_HEADER = "x-ms-continuation-token";

  private final DurableHttpApiImpl api;

  InstanceRoutes(DurableHttpApiImpl api) {
    this.api = api;
  }

  /**
   * {@code POST /orchestrators/{name}[/{instanceId}]}: 202 and the check-status payload; with both
   * {@code timeout} and {@code pollingInterval} it waits for the result first. Everything the reply
   * needs is read from the request before the start is stored, so a stored start is never answered
   * with an error.
   */
  Future<Void> start(RoutingContext ctx, DurableClient client) {
    String name = RouteTable.param(ctx, "name");
    String instanceId = RouteTable.param(ctx, "instanceId");
    Object input = Replies.parseBody(ctx.body().asString());
    Wait wait = Wait.of(ctx);
    var options =
        new StartOptions()
            .setInstanceId(instanceId)
            .setVersion(Params.string(ctx, "version"))
            .setTags(Params.tags(ctx));
    Reply reply = reply(ctx, client, wait);
    return client.scheduleNewOrchestration(name, input, options).compose(reply::send);
  }

  /**
   * How a start or restart answers once its instance is stored, decided from the request before:
   * the origin and query of its URLs, and whether (and how long) to wait for the result.
   */
  Reply reply(RoutingContext ctx, DurableClient client, Wait wait) {
    String origin = api.origin(ctx);
    String query = api.urlQuery(ctx);
    return id ->
        wait == null
            ? api.checkStatusResponse(ctx, origin, query, id)
            : awaitResult(ctx, client, id, wait, origin, query);
  }

  /** The answer to send for a stored instance. */
  interface Reply {
    Future<Void> send(String instanceId);
  }

  /**
   * A start's wait for its result: given only with both {@code timeout} and {@code
   * pollingInterval}, as Durable Functions' API requires; the interval may not exceed the timeout.
   */
  record Wait(Duration timeout, boolean failOn500) {
    static Wait of(RoutingContext ctx) {
      Duration timeout = Params.seconds(ctx, "timeout");
      Duration interval = Params.seconds(ctx, "pollingInterval");
      boolean failOn500 = Params.bool(ctx, "returnInternalServerErrorOnFailure", false);
      if (timeout == null || interval == null) {
        return null;
      }
      if (interval.compareTo(timeout) > 0) {
        throw ApiError.badRequest(
            "pollingInterval ("
                + interval.toMillis() / 1000.0
                + " s) must not exceed timeout ("
                + timeout.toMillis() / 1000.0
                + " s)");
      }
      return new Wait(timeout, failOn500);
    }
  }

  private Future<Void> awaitResult(
      RoutingContext ctx, DurableClient client, String id, Wait wait, String origin, String query) {
    return client
        .waitForInstanceCompletion(id, wait.timeout())
        .transform(
            ar -> {
              if (ar.failed()) {
                // a timeout, or anything else after the start was stored: the instance runs, so
                // the caller gets its URLs to poll rather than an error
                return api.checkStatusResponse(ctx, origin, query, id);
              }
              InstanceMetadata done = ar.result();
              if (done.status() == RuntimeStatus.COMPLETED) {
                return Replies.rawJson(ctx, 200, done.output());
              }
              int status = done.status() == RuntimeStatus.FAILED && wait.failOn500() ? 500 : 200;
              return Replies.json(ctx, status, StatusJson.of(done, true, null));
            });
  }

  /** {@code GET /instances/{id}}: 202 while it runs, 200 once finished, 404 when unknown. */
  Future<Void> status(RoutingContext ctx, DurableClient client) {
    String id = RouteTable.param(ctx, "id");
    boolean showHistory = Params.bool(ctx, "showHistory", false);
    boolean showHistoryOutput = Params.bool(ctx, "showHistoryOutput", false);
    boolean showInput = Params.bool(ctx, "showInput", true);
    boolean failOn500 = Params.bool(ctx, "returnInternalServerErrorOnFailure", false);
    return client
        .getInstance(id)
        .compose(
            m -> {
              if (m == null) {
                return Future.failedFuture(notFound(id));
              }
              Future<JsonArray> history =
                  showHistory
                      ? client
                          .getInstanceHistory(id)
                          .map(h -> HistoryRendering.render(h, showHistoryOutput, showInput))
                      : Future.succeededFuture();
              return history.compose(
                  h -> {
                    JsonObject body = StatusJson.of(m, showInput, h);
                    if (!m.status().isFinished()) {
                      ctx.response()
                          .putHeader("Location", requestUrl(ctx))
                          .putHeader("Retry-After", "5");
                      return Replies.json(ctx, 202, body);
                    }
                    int code = m.status() == RuntimeStatus.FAILED && failOn500 ? 500 : 200;
                    return Replies.json(ctx, code, body);
                  });
            });
  }

  /** {@code GET /instances}: one page of statuses; the continuation header when more follow. */
  Future<Void> list(RoutingContext ctx, DurableClient client) {
    boolean showInput = Params.bool(ctx, "showInput", false);
    InstanceQuery query =
        filter(ctx)
            .setInstanceIdPrefix(Params.string(ctx, "instanceIdPrefix"))
            .setPageSize(
                Math.min(
                    InstanceQuery.MAX_PAGE_SIZE,
                    Params.positiveInt(ctx, "top", InstanceQuery.DEFAULT_PAGE_SIZE)))
            .setFetchInputsAndOutputs(true);
    String token = ctx.request().getHeader(CONTINUATION_HEADER);
    if (token != null && !token.isBlank()) {
      query.setContinuationToken(token.strip());
    }
    return client
        .queryInstances(query)
        .compose(
            page -> {
              var items = new JsonArray();
              page.instances().forEach(m -> items.add(StatusJson.of(m, showInput, null)));
              if (page.continuationToken() != null) {
                ctx.response().putHeader(CONTINUATION_HEADER, page.continuationToken());
              }
              return Replies.json(ctx, 200, items);
            });
  }

  /** {@code DELETE /instances/{id}}: 200 with the count, 404 unknown, 412 not finished. */
  Future<Void> purge(RoutingContext ctx, DurableClient client) {
    String id = RouteTable.param(ctx, "id");
    return client
        .purgeInstance(id)
        .recover(t -> Future.failedFuture(invalidStateAs(t, 412)))
        .compose(
            purged ->
                purged
                    ? Replies.json(ctx, 200, new JsonObject().put("instancesDeleted", 1))
                    : Future.failedFuture(notFound(id)));
  }

  /**
   * {@code DELETE /instances?createdTimeFrom=..}: purges the finished instances the filter picks.
   */
  Future<Void> purgeByFilter(RoutingContext ctx, DurableClient client) {
    if (Params.string(ctx, "createdTimeFrom") == null) {
      throw ApiError.badRequest(
          "a purge by filter needs createdTimeFrom (createdTimeTo defaults to now)");
    }
    InstanceQuery query = filter(ctx);
    if (query.getCreatedTo() == null) {
      query.setCreatedTo(Instant.now());
    }
    return client
        .purgeInstances(query)
        .compose(
            n ->
                n == 0
                    ? Future.failedFuture(
                        new ApiError(
                            ErrorCode.INSTANCE_NOT_FOUND,
                            "no finished instance matches the filter; nothing was purged"))
                    : Replies.json(ctx, 200, new JsonObject().put("instancesDeleted", n)));
  }

  /** {@code POST /instances/{id}/terminate?reason=}: 202; 404 unknown; 410 already finished. */
  Future<Void> terminate(RoutingContext ctx, DurableClient client) {
    String id = RouteTable.param(ctx, "id");
    return client
        .terminate(id, Params.reason(ctx))
        .recover(t -> Future.failedFuture(invalidStateAs(t, 410)))
        .compose(v -> accepted(ctx));
  }

  /** The URL of this request on a trusted origin (never the request's untrusted Host). */
  private String requestUrl(RoutingContext ctx) {
    String query = ctx.request().query();
    return api.origin(ctx) + ctx.request().path() + (query == null ? "" : "?" + query);
  }

  static Future<Void> accepted(RoutingContext ctx) {
    return ctx.response().setStatusCode(202).end();
  }

  private static InstanceQuery filter(RoutingContext ctx) {
    var query = new InstanceQuery();
    query.setCreatedFrom(Params.time(ctx, "createdTimeFrom"));
    query.setCreatedTo(Params.time(ctx, "createdTimeTo"));
    query.setRuntimeStatus(Params.statuses(ctx, "runtimeStatus"));
    query.setTags(Params.tags(ctx));
    return query;
  }

  static ApiError notFound(String id) {
    return new ApiError(
        ErrorCode.INSTANCE_NOT_FOUND,
        ErrorCode.INSTANCE_NOT_FOUND.code() + " no instance has id '" + id + "'");
  }

  /** Maps the client's INVALID_STATE to the status this route answers it with. */
  static Throwable invalidStateAs(Throwable t, int status) {
    if (t instanceof BatonException be && be.code() == ErrorCode.INVALID_STATE) {
      return new ApiError(status, be.code(), be.getMessage());
    }
    return t;
  }
}
