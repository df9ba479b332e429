package dev.baton.core.impl;

import dev.baton.core.Baton;
import dev.baton.core.BatonException;
import dev.baton.core.BatonOptions;
import dev.baton.core.DataConverter;
import dev.baton.core.ErrorCode;
import dev.baton.core.activity.Activity;
import dev.baton.core.client.DurableClient;
import dev.baton.core.entity.Entity;
import dev.baton.core.impl.entity.EntityRuntime;
import dev.baton.core.impl.replay.StepWatch;
import dev.baton.core.impl.replay.VirtualThreads;
import dev.baton.core.orchestration.Orchestrator;
import dev.baton.core.spi.Backend;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine: opens the task hub, holds partition leases (through {@link LeaseKeeper}), runs a
 * {@link PartitionVerticle} per held partition and an {@link ActivityWorker}, and routes the
 * messages an episode produces, waking local receivers at once (the local fast path).
 */
public final class BatonImpl implements Baton {

  /** The longest delay one timer message carries; longer timers are re-sent when it arrives. */
  static final Duration MAX_MESSAGE_DELAY = Duration.ofDays(6);

  private static final System.Logger LOG = System.getLogger(BatonImpl.class.getName());

  private enum State {
    CREATED,
    STARTING,
    RUNNING,
    CLOSED
  }

  private final Vertx vertx;
  private final Backend backend;
  private final BatonOptions options;
  private final DataConverter converter;
  private final Registry registry;
  private final String engineId;
  private final Map<Integer, PartitionVerticle> partitions = new ConcurrentHashMap<>();
  private final InstanceWatchers watchers = new InstanceWatchers();
  private final AtomicLong poisonCount = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger activitySlots;

  /** Partition workers' calls waiting for an activity slot, each worker's once. */
  private final ConcurrentLinkedQueue<WaitingCalls> slotWaiters = new ConcurrentLinkedQueue<>();

  private volatile State state = State.CREATED;
  private volatile TaskHubStore store;
  private volatile ActivityWorker worker;
  private volatile String workerDeployment;
  private volatile LeaseKeeper leases;
  private volatile DurableClientImpl client;
  private final EntityRuntime entities;
  private final VirtualThreads.Placement placement;
  private final EpisodeSends sends = new EpisodeSends(this);
  private final ExecutionCache cache;
  private volatile StepWatch stepWatch = StepWatch.NONE;
  private final EngineMeters meters;
  private final EngineTracing tracing;
  private final StartRowEtags startRowEtags = new StartRowEtags();

  private BatonImpl(BuilderImpl b) {
    this.vertx = b.vertx;
    this.options = new BatonOptions(b.options);
    if (options.getMaxPollInterval() == null) {
      options.setMaxPollInterval(backendPollInterval(b.backend));
    }
    this.engineId =
        options.getEngineId() != null ? options.getEngineId() : "baton-" + UUID.randomUUID();
    this.meters = EngineMeters.create(b.meterRegistry, vertx, options.getTaskHub(), engineId);
    this.backend = meters.wrap(b.backend);
    this.placement = VirtualThreads.placement(options.isOrchestrationsOnEventLoop());
    options.setOrchestrationsOnEventLoop(placement.onEventLoop());
    this.converter = b.converter;
    this.registry = b.registry;
    this.activitySlots =
        new java.util.concurrent.atomic.AtomicInteger(options.getActivityConcurrency());
    this.tracing = EngineTracing.create(vertx, b.openTelemetry);
    this.entities = new EntityRuntime(new EngineEntityHost(this));
    this.cache =
        new ExecutionCache(
            options.getCacheSize(), options.getCacheMaxBytes(), options.getPartitionCount());
  }

  /** The backend's idle poll interval, refused with a clear error when it is not positive. */
  private static Duration backendPollInterval(Backend backend) {
    Duration d = backend.defaultMaxPollInterval();
    if (d == null || d.isNegative() || d.isZero()) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT,
          backend.getClass().getName()
              + ".defaultMaxPollInterval() must be positive, got "
              + d
              + "; set BatonOptions.setMaxPollInterval to override it");
    }
    return d;
  }

  @Override
  public Future<Void> start() {
    if (state != State.CREATED) {
      return Future.failedFuture(
          new BatonException(ErrorCode.INVALID_STATE, "the engine was already started"));
    }
    state = State.STARTING;
    LOG.log(System.Logger.Level.INFO, "orchestrator and entity code runs " + placement.reason());
    LOG.log(
        System.Logger.Level.INFO,
        !VirtualThreads.schedulerChoosable()
            ? "activities run on virtual threads of the JDK's default scheduler"
            : options.isActivityCarriers()
                ? "activities run on virtual threads: Baton's activity carriers take those that"
                    + " start while few others run, the JDK's default scheduler the rest"
                : "activities run on virtual threads of the JDK's default scheduler (activity"
                    + " carriers turned off)");
    var checker = new LongStepChecker(options.getMaxUserCodeStepTime());
    stepWatch = checker;
    return backend
        .open(vertx, options.getTaskHub(), options.getPartitionCount())
        .compose(
            s -> {
              store = s;
              client = new DurableClientImpl(this);
              worker = new ActivityWorker(this, false, null);
              return vertx.deployVerticle(worker);
            })
        .compose(
            id -> {
              workerDeployment = id;
              leases = new LeaseKeeper(this);
              meters.engineStarted(this);
              return leases.start();
            })
        .map(
            v -> {
              state = State.RUNNING;
              return (Void) null;
            })
        .onFailure(
            t -> {
              state = State.CLOSED;
              checker.stop();
            });
  }

  @Override
  public DurableClient client() {
    if (client == null) {
      throw new BatonException(
          ErrorCode.NOT_RUNNING, "the engine has not been started: call start() first");
    }
    return client;
  }

  @Override
  public Future<Void> close() {
    if (state == State.CLOSED || state == State.CREATED) {
      state = State.CLOSED;
      return Future.succeededFuture();
    }
    state = State.CLOSED;
    tracing.close();
    if (stepWatch instanceof LongStepChecker checker) {
      checker.stop();
    }
    watchers.failAll(new BatonException(ErrorCode.NOT_RUNNING, "the engine was closed"));
    Future<Void> leaseStop = leases == null ? Future.succeededFuture() : leases.stop();
    return leaseStop
        .eventually(
            () ->
                workerDeployment == null
                    ? Future.succeededFuture()
                    : vertx.undeploy(workerDeployment))
        .eventually(() -> store == null ? Future.succeededFuture() : store.close())
        .onComplete(ar -> meters.close())
        .mapEmpty();
  }

  EngineTracing tracing() {
    return tracing;
  }

  @Override
  public BatonOptions effectiveOptions() {
    return new BatonOptions(options);
  }

  @Override
  public Set<Integer> ownedPartitions() {
    return Set.copyOf(partitions.keySet());
  }

  /** Whether this engine holds the partition of {@code instanceId} now. */
  boolean holdsPartitionOf(String instanceId) {
    return partitions.containsKey(partitionOf(instanceId));
  }

  boolean isRunning() {
    return state == State.RUNNING || state == State.STARTING;
  }

  // ---- services for partitions, workers and the client -------------------------------------

  Vertx vertx() {
    return vertx;
  }

  String engineId() {
    return engineId;
  }

  TaskHubStore store() {
    return store;
  }

  BatonOptions options() {
    return options;
  }

  Clock clock() {
    return options.getClock();
  }

  DataConverter converter() {
    return converter;
  }

  Registry registry() {
    return registry;
  }

  InstanceWatchers watchers() {
    return watchers;
  }

  EntityRuntime entities() {
    return entities;
  }

  int partitionOf(String instanceId) {
    return Partitioning.partitionOf(instanceId, options.getPartitionCount());
  }

  /** The cache of partition {@code index}, within this engine's bounds; call on its context. */
  PartitionCache cache(
      int index, io.vertx.core.Context context, java.util.function.Consumer<InstanceSlot> evicted) {
    return new PartitionCache(index, cache, context, options.getCacheIdleTimeout(), evicted);
  }

  /**
   * What the execution cache holds now, across this engine's partitions, and what it has evicted
   * since start (for tests and monitoring).
   */
  public CacheStats cacheStats() {
    return cache.stats();
  }

  /** The ETags of the rows this engine's starts wrote, for their first episode's row write. */
  StartRowEtags startRowEtags() {
    return startRowEtags;
  }

  EngineMeters meters() {
    return meters;
  }

  /** Told when user code runs and parks; reports steps past {@code maxUserCodeStepTime}. */
  StepWatch stepWatch() {
    return stepWatch;
  }

  void partitionStarted(PartitionVerticle p) {
    partitions.put(p.index(), p);
  }

  void partitionStopped(int index) {
    partitions.remove(index);
  }

  void statusChanged(InstanceRecord record) {
    watchers.changed(record);
  }

  void recordPoison(ControlMessage message) {
    poisonCount.incrementAndGet();
  }

  /** Messages set aside as poison since start. */
  public long poisonCount() {
    return poisonCount.get();
  }

  /**
   * Hands an activity's result straight to its instance's partition when this engine holds it,
   * skipping the control queue (a send, a receive and a delete). The worker keeps the work item
   * until {@code committed} runs, so a crash before the commit runs the activity again; {@code
   * dropped} runs instead when the partition stops or fails its episode first. Returns {@code
   * false}, running neither, when the partition is not held here.
   */
  boolean deliverLocally(ControlMessage result, Runnable committed, Runnable dropped) {
    PartitionVerticle p = partitions.get(partitionOf(result.instanceId()));
    if (p == null) {
      return false;
    }
    p.acceptLocal(result, committed, dropped);
    return true;
  }

  /** Sends control messages to their partitions and wakes local ones. */
  Future<Void> sendControl(List<ControlMessage> messages, Duration delay) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    if (messages.size() == 1) {
      int p = partitionOf(messages.getFirst().instanceId());
      return store.controlQueue(p).send(messages, delay).onSuccess(v -> wake(p, delay));
    }
    Map<Integer, List<ControlMessage>> byPartition = new java.util.TreeMap<>();
    for (ControlMessage m : messages) {
      byPartition.computeIfAbsent(partitionOf(m.instanceId()), k -> new ArrayList<>()).add(m);
    }
    List<Future<Void>> sends = new ArrayList<>(byPartition.size());
    byPartition.forEach(
        (p, list) ->
            sends.add(store.controlQueue(p).send(list, delay).onSuccess(v -> wake(p, delay))));
    return Future.all(sends).mapEmpty();
  }

  private void wake(int partition, Duration delay) {
    PartitionVerticle p = partitions.get(partition);
    if (p == null) {
      return;
    }
    p.wakeAfter(delay);
  }

  /** What an episode's commit sends (work items, timers, notices, entity messages). */
  EpisodeSends sends() {
    return sends;
  }

  /** Takes up to {@code wanted} of the engine's free activity slots; returns how many. */
  int takeActivitySlots(int wanted) {
    while (true) {
      int free = activitySlots.get();
      int taken = Math.min(free, wanted);
      if (taken <= 0 || activitySlots.compareAndSet(free, free - taken)) {
        return Math.max(taken, 0);
      }
    }
  }

  /** A partition's worker has calls waiting for a slot: {@link #slotsFreed} tells it of one. */
  void awaitSlots(WaitingCalls waiter) {
    slotWaiters.add(waiter);
  }

  /** A stopped worker's calls wait no more. */
  void stopAwaitingSlots(WaitingCalls waiter) {
    slotWaiters.remove(waiter);
  }

  /** Slots were given back: the longest-waiting partition worker with calls waiting takes some. */
  void slotsFreed() {
    WaitingCalls w = slotWaiters.poll();
    if (w != null) {
      w.slotsFreed();
    }
  }

  /**
   * Gives activity slots back, and tells the longest-waiting worker with calls waiting: whoever
   * gives them back (a finished run, a receive that found fewer messages than it took slots for),
   * no call waits for a slot that is free.
   */
  void releaseActivitySlots(int count) {
    if (count > 0) {
      activitySlots.addAndGet(count);
      slotsFreed();
    }
  }

  /** Whether some activity slot is free now. */
  boolean hasFreeActivitySlots() {
    return activitySlots.get() > 0;
  }

  void wakeWorker() {
    ActivityWorker w = worker;
    if (w != null) {
      w.wakeFromAnyThread();
    }
  }

  /** Wakes every partition's activity worker: work items nobody announced are waiting. */
  void wakePartitionWorkers() {
    for (PartitionVerticle p : partitions.values()) {
      p.wakeWorker();
    }
  }

  // ---- builder ----------------------------------------------------------------------------

  /** The builder behind {@link Baton#builder}. */
  public static final class BuilderImpl implements Baton.Builder {
    private final Vertx vertx;
    private Backend backend;
    private BatonOptions options = new BatonOptions();
    private DataConverter converter = DataConverter.jackson();
    private final Registry registry = new Registry();
    private io.micrometer.core.instrument.MeterRegistry meterRegistry;
    private io.opentelemetry.api.OpenTelemetry openTelemetry;

    public BuilderImpl(Vertx vertx) {
      this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    @Override
    public Baton.Builder backend(Backend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    @Override
    public Baton.Builder options(BatonOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    @Override
    public Baton.Builder dataConverter(DataConverter converter) {
      this.converter = Objects.requireNonNull(converter, "converter");
      return this;
    }

    @Override
    public Baton.Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
      this.meterRegistry = EngineMeters.checked(registry);
      return this;
    }

    @Override
    public Baton.Builder addOrchestrator(String name, Orchestrator<?> orchestrator) {
      registry.addOrchestrator(name, orchestrator);
      return this;
    }

    @Override
    public Baton.Builder addActivity(String name, Activity<?> activity) {
      registry.addActivity(name, activity);
      return this;
    }

    @Override
    public Baton.Builder addActivity(
        String name, Activity<?> activity, dev.baton.core.activity.ActivityOptions options) {
      if (options == null) {
        throw new BatonException(
            ErrorCode.INVALID_ARGUMENT,
            "activity options must not be null; use addActivity(name, activity) for the defaults");
      }
      registry.addActivity(name, activity, options);
      return this;
    }

    @Override
    public Baton.Builder openTelemetry(io.opentelemetry.api.OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    @Override
    public Baton.Builder addEntity(String name, Entity entity) {
      registry.addEntity(name, entity);
      return this;
    }

    @Override
    public Baton build() {
      if (backend == null) {
        throw new BatonException(
            ErrorCode.INVALID_ARGUMENT,
            "no backend: call backend(...), e.g. backend(MemoryBackend.create())");
      }
      options.validate();
      return new BatonImpl(this);
    }
  }
}
