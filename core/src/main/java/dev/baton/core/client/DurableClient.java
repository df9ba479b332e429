package dev.baton.core.client;

import io.vertx.core.Future;
import java.time.Duration;

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

  /** Schedules a new instance with a random id; completes with the id. */
  Future<String> scheduleNewOrchestration(String name, Object input);

  /**
   * Schedules a new instance; completes with its id. Fails with {@code UNKNOWN_ORCHESTRATOR},
   * {@code INVALID_INSTANCE_ID}, {@code SERIALIZATION}, or {@code INSTANCE_EXISTS} when an
   * unfinished instance has the chosen id (a finished one is replaced).
   */
  Future<String> scheduleNewOrchestration(String name, Object input, StartOptions options);

  /**
   * The instance's metadata, or {@code null} when there is none.
   *
   * @param fetchInputsAndOutputs whether to include input, output and custom status
   */
  Future<InstanceMetadata> getInstance(String instanceId, boolean fetchInputsAndOutputs);

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
   * Deletes a finished instance's history and status; completes with false when there is no such
   * instance. Fails with {@code INVALID_STATE} when it has not finished.
   */
  Future<Boolean> purgeInstance(String instanceId);

  /**
   * Purges every finished instance the query's filters select (paging is ignored); completes with
   * the number purged.
   */
  Future<Integer> purgeInstances(InstanceQuery filter);

  /** One page of the instances the query selects, ordered by instance id. */
  Future<InstancePage> queryInstances(InstanceQuery query);
}
