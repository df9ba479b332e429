package dev.baton.web.impl;

import dev.baton.core.ErrorCode;
import dev.baton.core.FailureDetails;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.InstanceQuery;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityMetadata;
import dev.baton.core.entity.EntityQuery;
import dev.baton.web.DashboardOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Locale;

/**
 * The dashboard's read-only JSON: what the page shows beyond the management API's answers. Lists
 * page with the store's continuation token ({@code x-ms-continuation-token} both ways, as the
 * management API does); a list filtered by something the store cannot filter (the orchestrator's
 * name; entities are left out of the instance list) reads whole pages until it has a page of
 * matches or has read the scan limit, and answers what it found with the token to go on.
 */
final class DashboardData {

  /**
   * How many characters of an instance's payload an answer carries; the rest is cut and flagged.
   */
  static final int PAYLOAD_LIMIT = 64 * 1024;

  /** How many characters of an entity's state an answer carries (states grow large; a blob's). */
  static final int STATE_LIMIT = 1024 * 1024;

  private final DashboardOptions options;

  DashboardData(DashboardOptions options) {
    this.options = options;
  }

  /**
   * {@code GET api/instances?runtimeStatus=&name=&instanceIdPrefix=&createdTimeFrom=&createdTimeTo=
   * &top=}: {@code {instances: [...], continuationToken, scanned}}.
   */
  Future<Void> instances(RoutingContext ctx, DurableClient client) {
    int top = Math.min(1000, Params.positiveInt(ctx, "top", options.getPageSize()));
    String name = Params.string(ctx, "name");
    String wantedName = name == null ? null : name.strip().toLowerCase(Locale.ROOT);
    var query =
        new InstanceQuery()
            .setRuntimeStatus(Params.statuses(ctx, "runtimeStatus"))
            .setCreatedFrom(Params.time(ctx, "createdTimeFrom"))
            .setCreatedTo(Params.time(ctx, "createdTimeTo"))
            .setInstanceIdPrefix(Params.string(ctx, "instanceIdPrefix"))
            .setPageSize(top)
            .setFetchInputsAndOutputs(false);
    String token = ctx.request().getHeader(InstanceRoutes.CONTINUATION_HEADER);
    query.setContinuationToken(token == null || token.isBlank() ? null : token.strip());
    var found = new JsonArray();
    Promise<String> done = Promise.promise();
    scan(client, query, wantedName, top, found, 0, done);
    return done.future()
        .compose(
            next -> {
              if (next != null) {
                ctx.response().putHeader(InstanceRoutes.CONTINUATION_HEADER, next);
              }
              return Replies.json(
                  ctx,
                  200,
                  new JsonObject().put("instances", found).put("continuationToken", next));
            });
  }

  /**
   * Reads pages until {@code top} matches, the end, or the scan limit; completes with the token.
   */
  private void scan(
      DurableClient client,
      InstanceQuery query,
      String name,
      int top,
      JsonArray found,
      int scanned,
      Promise<String> done) {
    client
        .queryInstances(query)
        .onFailure(done::fail)
        .onSuccess(
            page -> {
              for (InstanceMetadata m : page.instances()) {
                if (m.instanceId().startsWith("@")) {
                  continue; // an entity: the entities list shows it
                }
                if (name != null && !m.name().toLowerCase(Locale.ROOT).contains(name)) {
                  continue;
                }
                found.add(summary(m));
              }
              int read = scanned + page.instances().size();
              String next = page.continuationToken();
              if (next == null || found.size() >= top || read >= options.getScanLimit()) {
                done.complete(next);
              } else {
                scan(client, query.setContinuationToken(next), name, top, found, read, done);
              }
            });
  }

  private static JsonObject summary(InstanceMetadata m) {
    return new JsonObject()
        .put("instanceId", m.instanceId())
        .put("name", m.name())
        .put("runtimeStatus", m.status().wireName())
        .put("createdTime", time(m.createdAt()))
        .put("lastUpdatedTime", time(m.lastUpdatedAt()));
  }

  /**
   * {@code GET api/instances/{id}}: status, payloads, failure, parent, and the history as a
   * timeline; 404 when unknown.
   */
  Future<Void> instance(RoutingContext ctx, DurableClient client) {
    String id = ctx.pathParam("id");
    return client
        .getInstance(id)
        .compose(
            m -> {
              if (m == null) {
                return Future.failedFuture(InstanceRoutes.notFound(id));
              }
              return client
                  .getInstanceHistory(id)
                  .compose(
                      history -> {
                        var body =
                            summary(m)
                                .put("version", m.version())
                                .put("finished", m.status().isFinished())
                                .put("input", payload(m.input()))
                                .put("output", payload(m.output()))
                                .put("customStatus", payload(m.customStatus()))
                                .put("failure", failure(m.failure()))
                                .put("timeline", Timeline.of(history, Instant.now()));
                        return Replies.json(ctx, 200, body);
                      });
            });
  }

  /**
   * {@code GET
   * api/entities?name=&lastOperationTimeFrom=&lastOperationTimeTo=&includeDeleted=&top=}: {@code
   * {entities: [{name, key, lastOperationTime, hasState, lockedBy, backlog}], continuationToken}}.
   */
  Future<Void> entities(RoutingContext ctx, DurableClient client) {
    int top = Math.min(EntityQuery.MAX_PAGE_SIZE, Params.positiveInt(ctx, "top", 50));
    var query =
        new EntityQuery()
            .setNamePrefix(Params.string(ctx, "name"))
            .setLastOperationFrom(Params.time(ctx, "lastOperationTimeFrom"))
            .setLastOperationTo(Params.time(ctx, "lastOperationTimeTo"))
            .setIncludeDeleted(Params.bool(ctx, "includeDeleted", false))
            .setPageSize(top);
    String token = ctx.request().getHeader(InstanceRoutes.CONTINUATION_HEADER);
    query.setContinuationToken(token == null || token.isBlank() ? null : token.strip());
    return client
        .queryEntities(query)
        .compose(
            page -> {
              var items = new JsonArray();
              page.entities().forEach(e -> items.add(entitySummary(e)));
              String next = page.continuationToken();
              if (next != null) {
                ctx.response().putHeader(InstanceRoutes.CONTINUATION_HEADER, next);
              }
              return Replies.json(
                  ctx, 200, new JsonObject().put("entities", items).put("continuationToken", next));
            });
  }

  /**
   * {@code GET api/entities/{name}/{key}}: the entity's lock holder, backlog and state, read
   * through the client (which follows a state kept in a blob); 404 when it has no state.
   */
  Future<Void> entity(RoutingContext ctx, DurableClient client) {
    String key = ctx.pathParam("key");
    EntityId id;
    try {
      id = EntityId.of(ctx.pathParam("name"), "$".equals(key) ? "" : key);
    } catch (dev.baton.core.BatonException e) {
      throw new ApiError(e.code(), e.getMessage());
    }
    return client
        .getEntity(id)
        .compose(
            e -> {
              if (e == null) {
                return Future.failedFuture(
                    new ApiError(
                        ErrorCode.NOT_FOUND, "entity " + id + " does not exist or has no state"));
              }
              var body =
                  entitySummary(e).put("stateLength", e.state() == null ? 0 : e.state().length());
              body.put("state", payload(e.state(), STATE_LIMIT));
              return Replies.json(ctx, 200, body);
            });
  }

  private static JsonObject entitySummary(EntityMetadata e) {
    return new JsonObject()
        .put("name", e.id().name())
        .put("key", e.id().key())
        .put("instanceId", e.id().instanceId())
        .put("lastOperationTime", time(e.lastOperationTime()))
        .put("hasState", e.hasState())
        .put("lockedBy", e.lockedBy())
        .put("backlog", e.backlog());
  }

  /** A payload as JSON text cut to {@link #PAYLOAD_LIMIT}: {@code {text, length, truncated}}. */
  static JsonObject payload(String json) {
    return payload(json, PAYLOAD_LIMIT);
  }

  static JsonObject payload(String json, int limit) {
    if (json == null) {
      return null;
    }
    boolean cut = json.length() > limit;
    return new JsonObject()
        .put("text", cut ? json.substring(0, limit) : json)
        .put("length", json.length())
        .put("truncated", cut);
  }

  /** A failure's type and message and those of its causes; stack traces stay in the server. */
  static JsonObject failure(FailureDetails f) {
    if (f == null) {
      return null;
    }
    var json = new JsonObject().put("type", f.type()).put("message", f.message());
    if (f.cause() != null) {
      json.put("cause", failure(f.cause()));
    }
    return json;
  }

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
