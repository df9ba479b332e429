package dev.baton.core.impl;

import dev.baton.core.entity.EntityId;
import dev.baton.core.orchestration.OrchestrationContext;
import dev.baton.core.orchestration.Orchestrator;

/**
 * The built-in orchestration through which a client calls an entity and gets the result (Durable
 * Functions' clients can only signal): it calls the operation and completes with its result, which
 * the client reads and then purges the instance. Being an orchestration, the call is durable and
 * ordered with the orchestrations' calls to that entity.
 */
final class EntityCallOrchestrator implements Orchestrator<Object> {

  /** The reserved name of the built-in orchestrator. */
  static final String NAME = "baton.entityCall";

  static final EntityCallOrchestrator INSTANCE = new EntityCallOrchestrator();

  /** What to call: the entity's instance id, the operation and its input. */
  record Request(String entity, String operation, Object input) {}

  private EntityCallOrchestrator() {}

  @Override
  public Object run(OrchestrationContext ctx) {
    Request request = ctx.input(Request.class);
    return ctx.callEntity(
            EntityId.fromInstanceId(request.entity()),
            request.operation(),
            request.input(),
            Object.class)
        .await();
  }
}
