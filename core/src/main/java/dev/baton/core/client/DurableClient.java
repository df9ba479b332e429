package dev.baton.core.client;

import dev.baton.core.entity.CleanEntityStorageOptions;
import dev.baton.core.entity.CleanEntityStorageResult;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityMetadata;
import dev.baton.core.entity.EntityPage;
import dev.baton.core.entity.EntityQuery;
import dev.baton.core.entity.GetEntityOptions;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;

/**
 * Starts and manages orchestration instances. Every method returns at once with a Vert.x {@link
 * Future}; failures carry a {@link dev.baton.core.BatonException} with a stable code.
 *
 * <pre>{@code
 * DurableClient client = baton.client();
 * client.scheduleNewOrchestration("message_orchestrator", Map.of("hellos_count", 3))
 *     .compose(id -> client.waitForInstanceCompletion(id, Duration.ofSeconds(30)))
 *     .onSuccess(done -> System.out.println(done.output()));
 * }</pre>
 */
public interface DurableClient {

  /**
   * The name of the task hub this client's engine serves ({@code BatonOptions.getTaskHub()}), as
   * Durable Functions' HTTP API writes it into management URLs.
   */
  String taskHub();

  /** Schedules a new instance with a random id; completes with the id. */
  Future<String> scheduleNewOrchestration(String name, Object input);

  /**
   * Schedules a new instance; completes with its id. Fails with {@code UNKNOWN_ORCHESTRATOR},
   * {@code INVALID_INSTANCE_ID}, {@code SERIALIZATION}, or {@code INSTANCE_EXISTS} when an
   * unfinished instance has the chosen id (a finished one is replaced).
   */
  Future<String> scheduleNewOrchestration(String name, Object input, StartOptions options);

  /**
   * The instance's metadata with its input, output and custom status, or {@code null} when there is
   * none. Fails with {@code INVALID_INSTANCE_ID} for an id no store can key.
   */
  Future<InstanceMetadata> getInstance(String instanceId);

  /**
   * The instance's metadata, with what {@code options} asks for ({@code null}: the defaults), or
   * {@code null} when there is none. Fails with {@code INVALID_INSTANCE_ID} for an id no store can
   * key.
   */
  Future<InstanceMetadata> getInstance(String instanceId, GetInstanceOptions options);

  /**
   * The instance's history, oldest event first; fails with {@code INSTANCE_NOT_FOUND} when there is
   * no such instance.
   */
  Future<java.util.List<dev.baton.core.history.HistoryEvent>> getInstanceHistory(String instanceId);

  /**
   * Completes once the instance has started (is no longer Pending); fails with {@code TIMEOUT}
   * after {@code timeout} or {@code INSTANCE_NOT_FOUND}.
   */
  Future<InstanceMetadata> waitForInstanceStart(String instanceId, Duration timeout);

  /**
   * Completes once the instance has finished (Completed, Failed, Canceled, Terminated), with inputs
   * and outputs; fails with {@code TIMEOUT} after {@code timeout} or {@code INSTANCE_NOT_FOUND}.
   */
  Future<InstanceMetadata> waitForInstanceCompletion(String instanceId, Duration timeout);

  /**
   * Terminates a running instance; its output becomes {@code reason}. Fails with {@code
   * INSTANCE_NOT_FOUND}, or {@code INVALID_STATE} when it has already finished.
   */
  Future<Void> terminate(String instanceId, String reason);

  /**
   * Terminates a running instance as {@link #terminate(String, String)} does; with {@link
   * TerminateOptions#setRecursive(boolean) recursive} its sub-orchestrations at every depth are
   * terminated too (those still running; the descendants of finished ones are looked at as well). A
   * recursive terminate completes once every descendant has been sent its terminate: it waits for
   * each terminated parent to stop (at most 30 s, else {@code TIMEOUT}) before reading which
   * children it started. Fails as {@link #terminate(String, String)} does for the instance itself.
   */
  Future<Void> terminate(String instanceId, String reason, TerminateOptions options);

  /**
   * Raises the external event {@code eventName} with {@code eventData} (any JSON-serializable
   * value, or null) on an instance; the orchestrator receives it through {@code
   * waitForExternalEvent}, at once if it waits, else kept in order until it does. An instance that
   * has not started yet gets it once it starts. Fails with {@code INSTANCE_NOT_FOUND}, {@code
   * INVALID_STATE} when the instance has finished (the event is not sent), {@code INVALID_ARGUMENT}
   * for a blank name, {@code SERIALIZATION} for data the converter cannot write.
   *
   * <pre>{@code
   * client.raiseEvent(orderId, "approval", true);
   * }</pre>
   */
  Future<Void> raiseEvent(String instanceId, String eventName, Object eventData);

  /**
   * Suspends a running instance: it makes no progress, and the events that reach it meanwhile
   * (results, timers, external events) are kept and applied in order once it is resumed; its status
   * is Suspended. Suspending a suspended instance changes nothing. Fails with {@code
   * INSTANCE_NOT_FOUND}, or {@code INVALID_STATE} when it has finished or not started yet.
   */
  Future<Void> suspend(String instanceId, String reason);

  /**
   * Resumes a suspended instance. Fails with {@code INSTANCE_NOT_FOUND}, or {@code INVALID_STATE}
   * when it is not Suspended.
   */
  Future<Void> resume(String instanceId, String reason);

  /**
   * Starts an instance again from the beginning, with the same orchestrator, input, version and
   * tags, under a new random id (the old instance stays as it is); completes with the new id. Fails
   * with {@code INVALID_INSTANCE_ID} or {@code INSTANCE_NOT_FOUND}.
   */
  Future<String> restart(String instanceId);

  /**
   * Like {@link #restart(String)}, as {@code options} say ({@code null}: the defaults): with {@link
   * RestartOptions#setRestartWithNewInstanceId(boolean) restartWithNewInstanceId} false the same id
   * is reused, which needs the old run to have finished; completes with the id of the new run.
   * Fails with {@code INVALID_INSTANCE_ID}, {@code INSTANCE_NOT_FOUND}, or {@code INSTANCE_EXISTS}
   * when the id is reused while it still runs.
   */
  Future<String> restart(String instanceId, RestartOptions options);

  /**
   * Rewinds a Failed instance: its history is cut just before the first failure, the failed
   * activities (and failed sub-orchestrations, rewound in turn) run again, and the instance
   * continues from there as if they had not failed. External events recorded after the failure are
   * kept. Fails with {@code INSTANCE_NOT_FOUND}, or {@code INVALID_STATE} when the instance is not
   * Failed.
   */
  Future<Void> rewind(String instanceId, String reason);

  /**
   * Deletes a finished instance's history and status; completes with false when there is no such
   * instance. Fails with {@code INVALID_STATE} when it has not finished.
   */
  Future<Boolean> purgeInstance(String instanceId);

  /**
   * Deletes a finished instance's history and status as {@link #purgeInstance(String)} does; with
   * {@link PurgeInstanceOptions#setRecursive(boolean) recursive} those of its sub-orchestrations at
   * every depth too. Completes with the number of instances purged ({@code 0} when there is no such
   * instance). Fails with {@code INVALID_STATE}, purging nothing, when the instance or (when
   * recursive) one of its descendants has not finished.
   */
  Future<Integer> purgeInstance(String instanceId, PurgeInstanceOptions options);

  /**
   * Purges every finished instance the query's filters select (paging is ignored); completes with
   * the number purged.
   */
  Future<Integer> purgeInstances(InstanceQuery filter);

  /** One page of the instances the query selects, ordered by instance id. */
  Future<InstancePage> queryInstances(InstanceQuery query);

  // ---- entities ----------------------------------------------------------------------------

  /**
   * Signals {@code operation} with {@code input} to an entity: it runs once, after this client's
   * earlier signals to that entity. Completes when the signal is stored, not when it has run. Fails
   * with {@code UNKNOWN_ENTITY} when no entity of that name is registered, {@code INVALID_ARGUMENT}
   * for a null or whitespace operation, or {@code SERIALIZATION}. The operation {@code ""} is the
   * unnamed one Durable Functions' HTTP API signals when a request names none; the entity sees
   * {@code ""} as its name.
   */
  Future<Void> signalEntity(EntityId entity, String operation, Object input);

  /** Signals an operation to be run at {@code at} (at once when it is past or {@code null}). */
  Future<Void> signalEntity(EntityId entity, String operation, Object input, Instant at);

  /**
   * A typed view of an entity: each method of {@code type}, an interface, is an operation of the
   * same name whose input is the method's single parameter (or none). A method returning {@code
   * Future<Void>} signals and completes as {@link #signalEntity(EntityId, String, Object)} does; a
   * {@code void} method signals and logs a failure (prefer {@code Future<Void>} where the caller
   * must know). A method returning {@code Future<T>} calls the operation and completes with its
   * result read as {@code T} (fails with {@code TASK_FAILED} when the operation throws, {@code
   * TIMEOUT} after 5 minutes): the engine's client runs the call as a short built-in orchestration
   * ({@code baton.entityCall}, purged once answered), since Durable Functions' clients can only
   * signal.
   *
   * <pre>{@code
   * interface Counter { Future<Void> add(int amount); Future<Integer> get(); }
   * Counter counter = client.entityProxy(Counter.class, EntityId.of("counter", "c1"));
   * counter.add(5).compose(v -> counter.get()).onSuccess(n -> System.out.println(n));
   * }</pre>
   *
   * @throws dev.baton.core.BatonException with {@code INVALID_ARGUMENT} when {@code type} is not an
   *     interface or has a method that cannot be an operation (more than one parameter, a result
   *     other than {@code void} or {@code Future<T>}, type parameters of its own), or an argument
   *     is null
   */
  default <T> T entityProxy(Class<T> type, EntityId entity) {
    return dev.baton.core.impl.entity.EntityProxies.client(this, type, entity);
  }

  /**
   * The entity's metadata (last operation time, lock) with its state; {@code null} when the entity
   * does not exist or has no state. Fails with {@code INVALID_ARGUMENT} for a null id.
   */
  Future<EntityMetadata> getEntity(EntityId entity);

  /**
   * Like {@link #getEntity(EntityId)}, reading what {@code options} ask for ({@code null}: the
   * defaults); without {@link GetEntityOptions#setIncludeState(boolean) includeState} the state is
   * left out (one small read however large it is).
   */
  Future<EntityMetadata> getEntity(EntityId entity, GetEntityOptions options);

  /**
   * One page of the entities the query selects, ordered by id. Entities without state are left out
   * unless the query includes deleted ones.
   */
  Future<EntityPage> queryEntities(EntityQuery query);

  /**
   * Releases critical sections whose orchestration has ended or is gone, then removes the storage
   * of entities without state, lock or waiting operations. Completes once the entities have done
   * it, with the counts.
   */
  Future<CleanEntityStorageResult> cleanEntityStorage();

  /**
   * Like {@link #cleanEntityStorage()}, doing only what {@code options} asks for ({@code null}:
   * both).
   */
  Future<CleanEntityStorageResult> cleanEntityStorage(CleanEntityStorageOptions options);
}
