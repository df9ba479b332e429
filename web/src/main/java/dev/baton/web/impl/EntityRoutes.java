package dev.baton.web.impl;

import dev.baton.core.ErrorCode;
import dev.baton.core.client.DurableClient;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityMetadata;
import dev.baton.core.entity.EntityQuery;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The entity routes: read one entity's state, list entities, signal an operation, delete. Entity
 * names are case-insensitive; the key {@code $} stands for the empty key.
 */
final class EntityRoutes {

  /** {@code GET /entities/{name}/{key}}: 200 and the state; 404 without an entity or state. */
  Future<Void> state(RoutingContext ctx, DurableClient client) {
    EntityId id = entityId(ctx);
    return client
        .getEntity(id)
        .compose(
            e ->
                e == null || !e.hasState()
                    ? Future.failedFuture(
                        new ApiError(
                            ErrorCode.NOT_FOUND,
                            "entity " + id + " does not exist or has no state"))
                    : Replies.rawJson(ctx, 200, e.state()));
  }

  /**
   * {@code GET /entities[/{name}]}: one page of {@code [{entityId: {name, key}, lastOperationTime,
   * state}]}, {@code state} only with {@code fetchState=true}; the continuation header when more
   * follow.
   */
  Future<Void> list(RoutingContext ctx, DurableClient client) {
    boolean fetchState = Params.bool(ctx, "fetchState", false);
    String name = RouteTable.param(ctx, "name");
    var query =
        new EntityQuery()
            .setLastOperationFrom(Params.time(ctx, "lastOperationTimeFrom"))
            .setLastOperationTo(Params.time(ctx, "lastOperationTimeTo"))
            .setPageSize(
                Math.min(
                    EntityQuery.MAX_PAGE_SIZE,
                    Params.positiveInt(ctx, "top", EntityQuery.DEFAULT_PAGE_SIZE)))
            .setIncludeState(fetchState);
    if (name != null) {
      query.setNamePrefix(EntityId.checkName(name) + "@");
    }
    String token = ctx.request().getHeader(InstanceRoutes.CONTINUATION_HEADER);
    if (token != null && !token.isBlank()) {
      query.setContinuationToken(token.strip());
    }
    return client
        .queryEntities(query)
        .compose(
            page -> {
              var items = new JsonArray();
              for (EntityMetadata e : page.entities()) {
                var item =
                    new JsonObject()
                        .put(
                            "entityId",
                            new JsonObject().put("name", e.id().name()).put("key", e.id().key()))
                        .put(
                            "lastOperationTime",
                            e.lastOperationTime() == null
                                ? null
                                : e.lastOperationTime().toString());
                if (fetchState) {
                  item.put("state", Replies.jsonValue(e.state()));
                }
                items.add(item);
              }
              if (page.continuationToken() != null) {
                ctx.response()
                    .putHeader(InstanceRoutes.CONTINUATION_HEADER, page.continuationToken());
              }
              return Replies.json(ctx, 200, items);
            });
  }

  /**
   * {@code POST /entities/{name}/{key}[?op=]}: signals the operation (without {@code op} the
   * unnamed operation {@code ""}, as Durable Functions does) with the body as input: JSON when the
   * Content-Type says so, else the body as a plain string (also without a Content-Type, as Durable
   * Functions reads it); 202.
   */
  Future<Void> signal(RoutingContext ctx, DurableClient client) {
    EntityId id = entityId(ctx);
    String body = ctx.body().asString();
    Object input;
    if (ControlRoutes.isJson(ctx)) {
      input = Replies.parseBody(body);
    } else {
      input = body == null || body.isEmpty() ? null : body;
    }
    String op = Params.string(ctx, "op");
    if (op == null) {
      op = ""; // the unnamed operation, as Durable Functions signals it; whitespace is refused
    }
    return client.signalEntity(id, op, input).compose(v -> InstanceRoutes.accepted(ctx));
  }

  /** {@code DELETE /entities/{name}/{key}}: signals the operation {@code delete}; 202. */
  Future<Void> delete(RoutingContext ctx, DurableClient client) {
    EntityId id = entityId(ctx);
    return client.signalEntity(id, "delete", null).compose(v -> InstanceRoutes.accepted(ctx));
  }

  private static EntityId entityId(RoutingContext ctx) {
    String key = RouteTable.param(ctx, "key");
    if ("$".equals(key)) {
      key = ""; // Durable Functions' clients write the empty key as '$'
    }
    try {
      return EntityId.of(RouteTable.param(ctx, "name"), key);
    } catch (dev.baton.core.BatonException e) {
      if (e.code() == ErrorCode.INVALID_ENTITY_ID) {
        throw new ApiError(e.code(), e.getMessage());
      }
      throw e;
    }
  }
}
