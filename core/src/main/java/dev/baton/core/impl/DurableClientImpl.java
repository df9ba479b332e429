package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.GetInstanceOptions;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.InstancePage;
import dev.baton.core.client.InstanceQuery;
import dev.baton.core.client.PurgeInstanceOptions;
import dev.baton.core.client.RestartOptions;
import dev.baton.core.client.StartOptions;
import dev.baton.core.client.TerminateOptions;
import dev.baton.core.entity.CleanEntityStorageOptions;
import dev.baton.core.entity.CleanEntityStorageResult;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityMetadata;
import dev.baton.core.entity.EntityPage;
import dev.baton.core.entity.EntityQuery;
import dev.baton.core.entity.GetEntityOptions;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.impl.entity.EntityClient;
import dev.baton.core.impl.entity.EntityProxies;
import dev.baton.core.impl.entity.EntityRouting;
import dev.baton.core.spi.InstanceFilter;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.Versioned;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The {@link DurableClient} of an engine, straight on the task hub's stores. */
final class DurableClientImpl implements DurableClient, EntityProxies.Caller {

  private static final long MAX_POLL_MS = 1000;

  private final BatonImpl engine;
  private final StartWrites starts;
  private final InstanceControl control;
  private final EntityClient entities;
  private final InstanceTree tree;
  private final ClientEntityCalls entityCalls;
  private final WaitTimers waitTimers;

  DurableClientImpl(BatonImpl engine) {
    this.engine = engine;
    this.starts = new StartWrites(engine);
    this.control = new InstanceControl(engine, this);
    this.entities = new EntityClient(new EngineEntityHost(engine));
    this.tree = new InstanceTree(engine, this);
    this.entityCalls = new ClientEntityCalls(this, entities);
    this.waitTimers = new WaitTimers(engine.vertx());
  }

  @Override
  public String taskHub() {
    return engine.options().getTaskHub();
  }

  @Override
  public Future<Void> raiseEvent(String instanceId, String eventName, Object eventData) {
    return running().compose(v -> control.raiseEvent(instanceId, eventName, eventData));
  }

  @Override
  public Future<Void> suspend(String instanceId, String reason) {
    return running().compose(v -> control.suspend(instanceId, reason));
  }

  @Override
  public Future<Void> resume(String instanceId, String reason) {
    return running().compose(v -> control.resume(instanceId, reason));
  }

  @Override
  public Future<String> restart(String instanceId) {
    return restart(instanceId, null);
  }

  @Override
  public Future<String> restart(String instanceId, RestartOptions options) {
    boolean newId = options == null || options.isRestartWithNewInstanceId();
    return running().compose(v -> control.restart(instanceId, newId));
  }

  @Override
  public Future<Void> rewind(String instanceId, String reason) {
    return running().compose(v -> control.rewind(instanceId, reason));
  }

  private Future<Void> running() {
    return Checks.check(this::checkRunning);
  }

  /** Succeeds when the engine runs and {@code instanceId} is one a store can key. */
  private Future<Void> known(String instanceId) {
    return Checks.check(
        () -> {
          checkRunning();
          InstanceIds.validate(instanceId);
        });
  }

  @Override
  public Future<String> scheduleNewOrchestration(String name, Object input) {
    return scheduleNewOrchestration(name, input, new StartOptions());
  }

  @Override
  public Future<String> scheduleNewOrchestration(String name, Object input, StartOptions options) {
    return running()
        .compose(v -> Checks.attempt(() -> engine.converter().serialize(input)))
        .compose(inputJson -> schedule(name, inputJson, options));
  }

  /** Schedules a new instance whose input is already JSON (e.g. a restart's). */
  Future<String> schedule(String name, String inputJson, StartOptions options) {
    StartOptions opts = options == null ? new StartOptions() : options;
    return Checks.attempt(() -> startId(name, opts))
        .compose(
            id -> {
              InstanceRecord record = pendingRecord(id, name, inputJson, opts);
              var started =
                  new HistoryEvent.ExecutionStarted(
                      record.createdAt(),
                      name,
                      record.version(),
                      inputJson,
                      record.executionId(),
                      null,
                      -1,
                      record.scheduledStartTime(),
                      null,
                      opts.getTags(),
                      engine.tracing().clientStart(name, id));
              return starts
                  .write(record, started)
                  .map(v -> id)
                  .recover(t -> Future.failedFuture(storeError(t, "start '" + id + "'")));
            });
  }

  /** The id a start of {@code name} runs under, once the engine and the start's input pass. */
  private String startId(String name, StartOptions opts) {
    checkRunning();
    if (name == null || engine.registry().orchestrator(name) == null) {
      throw Registry.unknownOrchestrator(name);
    }
    String id =
        opts.getInstanceId() == null
            ? InstanceIds.random()
            : InstanceIds.validate(opts.getInstanceId());
    if (EntityRouting.isEntity(id)) {
      throw new BatonException(
          ErrorCode.INVALID_INSTANCE_ID,
          "instance id '" + id + "' starts with '@', which marks entities; choose another id");
    }
    return id;
  }

  /** The row of a new instance, pending (until its scheduled start time, if one is ahead). */
  private InstanceRecord pendingRecord(
      String id, String name, String inputJson, StartOptions opts) {
    Instant now = engine.clock().instant();
    Instant startAt =
        opts.getScheduledStartTime() != null && opts.getScheduledStartTime().isAfter(now)
            ? opts.getScheduledStartTime()
            : null;
    String version =
        opts.getVersion() != null
            ? opts.getVersion()
            : engine.options().getVersioning().getDefaultVersion();
    return new InstanceRecord(
        id,
        name,
        version,
        InstanceIds.uuid(),
        RuntimeStatus.PENDING,
        inputJson,
        null,
        null,
        null,
        now,
        now,
        startAt,
        null,
        opts.getTags());
  }

  @Override
  public Future<InstanceMetadata> getInstance(String instanceId) {
    return getInstance(instanceId, null);
  }

  @Override
  public Future<InstanceMetadata> getInstance(String instanceId, GetInstanceOptions options) {
    boolean fetchInputsAndOutputs = options == null || options.isFetchInputsAndOutputs();
    return known(instanceId)
        .compose(v -> engine.store().instances().get(instanceId))
        .map(v -> v == null ? null : metadata(v.value(), fetchInputsAndOutputs))
        .recover(t -> Future.failedFuture(storeError(t, "read '" + instanceId + "'")));
  }

  @Override
  public Future<List<HistoryEvent>> getInstanceHistory(String instanceId) {
    var store = engine.store();
    return known(instanceId)
        .compose(v -> store.history().load(instanceId))
        .compose(
            h -> {
              if (!h.events().isEmpty()) {
                return Future.succeededFuture(h.events());
              }
              return store
                  .instances()
                  .get(instanceId)
                  .compose(
                      row ->
                          row == null
                              ? Future.failedFuture(notFound(instanceId))
                              : Future.succeededFuture(h.events()));
            });
  }

  @Override
  public Future<InstanceMetadata> waitForInstanceStart(String instanceId, Duration timeout) {
    return waitFor(instanceId, timeout, r -> r.status() != RuntimeStatus.PENDING, "start");
  }

  @Override
  public Future<InstanceMetadata> waitForInstanceCompletion(String instanceId, Duration timeout) {
    return waitFor(instanceId, timeout, r -> r.status().isFinished(), "finish");
  }

  private Future<InstanceMetadata> waitFor(
      String instanceId, Duration timeout, Predicate<InstanceRecord> condition, String what) {
    return known(instanceId)
        .compose(
            v ->
                timeout == null || timeout.isNegative()
                    ? Future.failedFuture(
                        new BatonException(
                            ErrorCode.INVALID_ARGUMENT, "timeout must be zero or positive"))
                    : poll(instanceId, timeout, condition, what));
  }

  /** Waits (watched here, polled as a guard) until the row meets {@code condition}. */
  private Future<InstanceMetadata> poll(
      String instanceId, Duration timeout, Predicate<InstanceRecord> condition, String what) {
    Promise<InstanceRecord> promise = Promise.promise();
    engine.watchers().watch(instanceId, condition, promise);
    long deadline = System.nanoTime() + timeout.toNanos();
    // a partition of this engine reports the change at once; polling then only guards
    boolean local = engine.holdsPartitionOf(instanceId);
    var poller =
        new Object() {
          long delay = local ? MAX_POLL_MS : 20;
          volatile WaitTimers.Entry next;

          void check() {
            engine
                .store()
                .instances()
                .get(instanceId)
                .onComplete(
                    ar -> {
                      if (promise.future().isComplete()) {
                        return;
                      }
                      if (ar.failed()) {
                        promise.tryFail(storeError(ar.cause(), "read '" + instanceId + "'"));
                      } else if (ar.result() == null) {
                        promise.tryFail(notFound(instanceId));
                      } else if (condition.test(ar.result().value())) {
                        promise.tryComplete(ar.result().value());
                      } else {
                        long left = (deadline - System.nanoTime()) / 1_000_000;
                        if (left <= 0) {
                          promise.tryFail(
                              new BatonException(
                                  ErrorCode.TIMEOUT,
                                  "instance '"
                                      + instanceId
                                      + "' did not "
                                      + what
                                      + " within "
                                      + timeout
                                      + "; it is "
                                      + ar.result().value().status().wireName()));
                          return;
                        }
                        next = waitTimers.schedule(Math.max(1, Math.min(delay, left)), this::check);
                        delay = Math.min(delay * 2, MAX_POLL_MS);
                      }
                    });
          }
        };
    poller.check();
    // a wait answered by a watcher drops its re-check rather than leave it to read for nothing
    promise
        .future()
        .onComplete(
            ar -> {
              WaitTimers.Entry next = poller.next;
              if (next != null) {
                next.cancel();
              }
            });
    return promise.future().map(r -> metadata(r, true));
  }

  @Override
  public Future<Void> terminate(String instanceId, String reason, TerminateOptions options) {
    if (options == null || !options.isRecursive()) {
      return terminate(instanceId, reason);
    }
    return terminate(instanceId, reason)
        .compose(v -> tree.terminateDescendants(instanceId, engine.converter().serialize(reason)));
  }

  @Override
  public Future<Void> terminate(String instanceId, String reason) {
    return running().compose(v -> control.terminate(instanceId, reason));
  }

  @Override
  public Future<Boolean> purgeInstance(String instanceId) {
    var instances = engine.store().instances();
    return known(instanceId)
        .compose(v -> instances.get(instanceId))
        .compose(
            v -> {
              if (v == null) {
                return Future.succeededFuture(false);
              }
              if (!v.value().status().isFinished()) {
                return Future.failedFuture(unfinished(instanceId, v.value()));
              }
              return purge(v);
            });
  }

  @Override
  public Future<Integer> purgeInstance(String instanceId, PurgeInstanceOptions options) {
    if (options == null || !options.isRecursive()) {
      return purgeInstance(instanceId).map(purged -> purged ? 1 : 0);
    }
    return known(instanceId)
        .compose(v -> engine.store().instances().get(instanceId))
        .compose(
            v -> {
              if (v == null) {
                return Future.succeededFuture(0);
              }
              if (!v.value().status().isFinished()) {
                return Future.failedFuture(unfinished(instanceId, v.value()));
              }
              return tree.purge(v.value());
            });
  }

  private static BatonException unfinished(String instanceId, InstanceRecord row) {
    return new BatonException(
        ErrorCode.INVALID_STATE,
        "instance '"
            + instanceId
            + "' is "
            + row.status().wireName()
            + "; only finished instances can be purged (terminate it first)");
  }

  private Future<Boolean> purge(Versioned<InstanceRecord> v) {
    String id = v.value().instanceId();
    return engine
        .store()
        .history()
        .delete(id)
        .compose(h -> engine.store().instances().delete(id))
        .map(true);
  }

  @Override
  public Future<Integer> purgeInstances(InstanceQuery filter) {
    return running()
        .compose(
            v -> {
              Promise<Integer> total = Promise.promise();
              purgePages(filterOf(filter), null, 0, total);
              return total.future();
            });
  }

  private void purgePages(InstanceFilter f, String continuation, int done, Promise<Integer> total) {
    engine
        .store()
        .instances()
        .query(f, InstanceQuery.MAX_PAGE_SIZE, continuation)
        .onFailure(total::fail)
        .onSuccess(
            page -> {
              List<Future<Boolean>> purges = new ArrayList<>();
              for (InstanceRecord r : page.items()) {
                if (r.status().isFinished()) {
                  purges.add(
                      engine
                          .store()
                          .history()
                          .delete(r.instanceId())
                          .compose(x -> engine.store().instances().delete(r.instanceId())));
                }
              }
              Future.all(purges)
                  .onFailure(total::fail)
                  .onSuccess(
                      all -> {
                        int n = done + (int) purges.stream().filter(p -> p.result()).count();
                        if (page.hasMore()) {
                          purgePages(f, page.continuation(), n, total);
                        } else {
                          total.complete(n);
                        }
                      });
            });
  }

  @Override
  public Future<InstancePage> queryInstances(InstanceQuery query) {
    InstanceQuery q = query == null ? new InstanceQuery() : query;
    return running()
        .compose(
            v ->
                engine
                    .store()
                    .instances()
                    .query(filterOf(q), q.getPageSize(), q.getContinuationToken()))
        .map(
            page -> {
              List<InstanceMetadata> items = new ArrayList<>(page.items().size());
              for (InstanceRecord r : page.items()) {
                items.add(metadata(r, q.isFetchInputsAndOutputs()));
              }
              return new InstancePage(items, page.continuation());
            });
  }

  private static InstanceFilter filterOf(InstanceQuery q) {
    if (q == null) {
      return InstanceFilter.ALL;
    }
    return new InstanceFilter(
        q.getRuntimeStatus(),
        q.getCreatedFrom(),
        q.getCreatedTo(),
        q.getInstanceIdPrefix(),
        q.getTags());
  }

  private InstanceMetadata metadata(InstanceRecord r, boolean payloads) {
    return new InstanceMetadata(
        r.instanceId(),
        r.name(),
        r.version(),
        r.status(),
        payloads ? r.input() : null,
        payloads ? r.output() : null,
        payloads ? r.customStatus() : null,
        r.failure(),
        r.createdAt(),
        r.lastUpdatedAt(),
        engine.converter(),
        r.tags());
  }

  @Override
  public Future<Void> signalEntity(EntityId entity, String operation, Object input) {
    return entities.signalEntity(entity, operation, input, null);
  }

  @Override
  public Future<Void> signalEntity(EntityId entity, String operation, Object input, Instant at) {
    return entities.signalEntity(entity, operation, input, at);
  }

  @Override
  public Future<EntityMetadata> getEntity(EntityId entity) {
    return getEntity(entity, null);
  }

  @Override
  public Future<EntityMetadata> getEntity(EntityId entity, GetEntityOptions options) {
    if (entity == null) {
      return Future.failedFuture(
          new BatonException(ErrorCode.INVALID_ARGUMENT, "an entity id must not be null"));
    }
    return entities.getEntity(entity, options == null || options.isIncludeState());
  }

  @Override
  public <T> Future<T> callEntity(EntityId entity, String operation, Object input, Class<T> type) {
    return entityCalls.call(entity, operation, input, type);
  }

  @Override
  public Future<EntityPage> queryEntities(EntityQuery query) {
    return entities.queryEntities(query);
  }

  @Override
  public Future<CleanEntityStorageResult> cleanEntityStorage() {
    return cleanEntityStorage(null);
  }

  @Override
  public Future<CleanEntityStorageResult> cleanEntityStorage(CleanEntityStorageOptions options) {
    var o = options == null ? new CleanEntityStorageOptions() : options;
    return entities.cleanEntityStorage(o.isRemoveEmptyEntities(), o.isReleaseOrphanedLocks());
  }

  private void checkRunning() {
    if (!engine.isRunning()) {
      throw new BatonException(ErrorCode.NOT_RUNNING, "the engine is not running");
    }
  }

  private static BatonException notFound(String instanceId) {
    return new BatonException(
        ErrorCode.INSTANCE_NOT_FOUND, "no instance has the id '" + instanceId + "'");
  }

  private static Throwable storeError(Throwable t, String what) {
    return Checks.storeError(t, what);
  }
}
