package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.core.entity.EntityId;
import dev.baton.core.impl.entity.EntityClient;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * A client's calls to entities for a result: each runs as the built-in orchestration {@link
 * EntityCallOrchestrator}, whose result the client reads before purging the instance; a call that
 * runs out of time leaves the instance to finish.
 */
final class ClientEntityCalls {

  /** How long a client's call to an entity may take before it fails with TIMEOUT. */
  static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final DurableClient client;
  private final EntityClient entities;

  ClientEntityCalls(DurableClient client, EntityClient entities) {
    this.client = client;
    this.entities = entities;
  }

  <T> Future<T> call(EntityId entity, String operation, Object input, Class<T> type) {
    var request =
        new EntityCallOrchestrator.Request(
            entity == null ? null : entity.instanceId(), operation, input);
    String id = "baton-entity-call-" + InstanceIds.random();
    return entities
        .checkRegistered(entity)
        .compose(
            v ->
                client.scheduleNewOrchestration(
                    EntityCallOrchestrator.NAME, request, new StartOptions().setInstanceId(id)))
        .compose(started -> client.waitForInstanceCompletion(id, TIMEOUT))
        .compose(
            done ->
                client
                    .purgeInstance(id)
                    .transform(purged -> outcome(done, entity, operation, type)));
  }

  private static <T> Future<T> outcome(
      InstanceMetadata done, EntityId entity, String operation, Class<T> type) {
    if (done.status() == RuntimeStatus.COMPLETED) {
      return Checks.attempt(() -> done.readOutput(type));
    }
    return Future.failedFuture(
        new BatonException(
            ErrorCode.TASK_FAILED,
            "operation '"
                + operation
                + "' of entity "
                + entity
                + " failed: "
                + (done.failure() == null ? done.status().wireName() : done.failure().message())));
  }
}
