package dev.baton.core.impl.replay;

import dev.baton.core.BatonException;
import dev.baton.core.DataConverter;
import dev.baton.core.ErrorCode;
import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityLock;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EventRaised;
import dev.baton.core.history.HistoryEvent.EventSent;
import dev.baton.core.history.HistoryEvent.ExecutionResumed;
import dev.baton.core.history.HistoryEvent.ExecutionStarted;
import dev.baton.core.history.HistoryEvent.ExecutionSuspended;
import dev.baton.core.history.HistoryEvent.OrchestratorStarted;
import dev.baton.core.history.HistoryEvent.SubOrchestrationCompleted;
import dev.baton.core.history.HistoryEvent.SubOrchestrationFailed;
import dev.baton.core.history.HistoryEvent.TaskCompleted;
import dev.baton.core.history.HistoryEvent.TaskFailed;
import dev.baton.core.history.HistoryEvent.TimerCreated;
import dev.baton.core.history.HistoryEvent.TimerFired;
import dev.baton.core.impl.InstanceIds;
import dev.baton.core.impl.entity.EntityRouting;
import dev.baton.core.orchestration.ContinueAsNewOptions;
import dev.baton.core.orchestration.DurableHttpRequest;
import dev.baton.core.orchestration.DurableHttpResponse;
import dev.baton.core.orchestration.OrchestrationContext;
import dev.baton.core.orchestration.ParentInstance;
import dev.baton.core.orchestration.SubOrchestrationOptions;
import dev.baton.core.orchestration.Task;
import dev.baton.core.orchestration.TaskOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The state of one execution as its code sees it, and the consumption of history events that drives
 * it. Used only from the execution's own thread.
 *
 * <p>Events come in two lists per batch: {@code replay} (past history, re-run after a cold load)
 * and {@code fresh} (new events of this episode). Actions the code takes are matched against the
 * past actions of {@code replay} by sequence number; a mismatch is non-determinism.
 */
final class ExecutionContext implements OrchestrationContext {

  private final OrchestrationExecution execution;
  private final String instanceId;
  private final DataConverter converter;

  private ExecutionStarted started;
  private Instant currentTime = Instant.EPOCH;
  private int nextTaskId;
  private long uuidCounter;
  private String customStatus;
  private System.Logger logger;

  private List<HistoryEvent> replay = List.of();
  private int replayPos;
  private List<HistoryEvent> fresh = List.of();
  private int freshPos;

  /**
   * Whether the code runs in a past episode: from a batch with past history until its first new
   * event is taken. Code that runs after the last past event but before any new one (say, a log
   * line before waiting for an event) belongs to the past episode and is replaying too.
   */
  private boolean replaying;

  private final PastActions pastActions = new PastActions(this);
  private List<HistoryEvent> produced = new ArrayList<>();
  private final Map<Integer, Consumer<HistoryEvent>> open = new HashMap<>();
  private final ExternalEvents events;

  /** While suspended, events are held here and applied, in order, once resumed. */
  private boolean suspended;

  private final ArrayDeque<HistoryEvent> held = new ArrayDeque<>();
  private final ArrayDeque<HistoryEvent> requeued = new ArrayDeque<>();

  private String continuedInput;
  private boolean carryEvents;

  private final EntityCalls entities;
  private final DurableCalls calls;
  private final HttpCalls http;

  /** How deep the code is in a task continuation (thenApply, a retry handler): no await there. */
  private int continuationDepth;

  /** The first control-flow signal raised: sticky, so user code that catches it cannot undo it. */
  private Error signal;

  ExecutionContext(OrchestrationExecution execution, String instanceId, DataConverter converter) {
    this.execution = execution;
    this.instanceId = instanceId;
    this.converter = converter;
    this.events = new ExternalEvents(this, converter);
    this.entities = new EntityCalls(this, converter);
    this.calls = new DurableCalls(this, converter);
    this.http = new HttpCalls(this);
  }

  // ---- batches -------------------------------------------------------------------------

  void beginBatch(List<HistoryEvent> replay, List<HistoryEvent> fresh) {
    this.replay = replay;
    this.replayPos = 0;
    this.fresh = fresh;
    this.freshPos = 0;
    this.replaying = !replay.isEmpty();
    pastActions.addAll(replay);
  }

  /** Consumes the next event; false when both lists are exhausted. */
  boolean consumeNext() {
    if (!requeued.isEmpty()) {
      apply(requeued.poll());
      return true;
    }
    if (replayPos < replay.size()) {
      apply(replay.get(replayPos++));
      return true;
    }
    verifyPastActionsMatched();
    if (freshPos < fresh.size()) {
      replaying = false;
      apply(fresh.get(freshPos++));
      return true;
    }
    return false;
  }

  /** Parks the code until {@code task} is done, consuming events and yielding episodes. */
  void awaitDone(TaskImpl<?> task) {
    checkCaller();
    if (continuationDepth > 0) {
      throw new BatonException(
          ErrorCode.ILLEGAL_ORCHESTRATION_CALL,
          "a task cannot be awaited inside thenApply, thenCompose or a retry handler: they run"
              + " while the orchestration applies a result. Return the task from thenCompose"
              + " instead, or await it in the orchestrator's own code");
    }
    while (!task.isDone()) {
      if (!consumeNext()) {
        execution.yieldEpisode();
      }
    }
  }

  void consumeUntilStarted() {
    while (started == null) {
      if (!consumeNext()) {
        execution.yieldEpisode();
      }
    }
  }

  EpisodeResult endEpisode(RuntimeStatus status, String output, FailureDetails failure) {
    if (status != RuntimeStatus.RUNNING) {
      produced.add(new HistoryEvent.ExecutionCompleted(currentTime, status, output, failure));
    }
    if (status == RuntimeStatus.CONTINUED_AS_NEW && carryEvents) {
      produced.addAll(events.unconsumed());
      for (int i = freshPos; i < fresh.size(); i++) {
        if (fresh.get(i) instanceof EventRaised r) {
          produced.add(r);
        }
      }
    }
    List<HistoryEvent> events = new ArrayList<>(fresh.size() + produced.size());
    events.addAll(fresh);
    events.addAll(produced);
    produced = new ArrayList<>();
    fresh = List.of();
    freshPos = 0;
    replay = List.of();
    replayPos = 0;
    return new EpisodeResult(List.copyOf(events), status, output, failure, customStatus);
  }

  /** At the end of the code: every action of the past must have been taken again. */
  void verifyPastActionsMatched() {
    pastActions.verifyAllMatched();
  }

  private void apply(HistoryEvent e) {
    if (suspended
        && !(e instanceof OrchestratorStarted)
        && !(e instanceof ExecutionSuspended)
        && !(e instanceof ExecutionResumed)) {
      held.add(e);
      return;
    }
    switch (e) {
      case OrchestratorStarted s -> currentTime = s.timestamp();
      case ExecutionStarted s -> started = s;
      case TaskCompleted c -> completeOpen(c.taskId(), e);
      case TaskFailed f -> completeOpen(f.taskId(), e);
      case TimerFired t -> completeOpen(t.taskId(), e);
      case SubOrchestrationCompleted c -> completeOpen(c.taskId(), e);
      case SubOrchestrationFailed f -> completeOpen(f.taskId(), e);
      case EventRaised r -> events.arrived(r);
      case ExecutionSuspended s -> suspended = true;
      case ExecutionResumed r -> {
        suspended = false;
        requeued.addAll(held);
        held.clear();
      }
      default -> {
        // actions (matched by sequence number) and terminal events change nothing here
        int entityCompletion = EntityRouting.completionTaskId(e);
        if (entityCompletion >= 0) {
          completeOpen(entityCompletion, e);
        }
      }
    }
  }

  private void completeOpen(int taskId, HistoryEvent e) {
    Consumer<HistoryEvent> handler = open.remove(taskId);
    if (handler != null) {
      handler.accept(e);
    }
  }

  /** Records an action the code took, or matches it with the past one when replaying. */
  void recordAction(HistoryEvent action) {
    if (!pastActions.match(action, replayPos < replay.size())) {
      produced.add(action);
    }
  }

  /** Records {@code s} as the execution's fate (the first one wins) and returns it to throw. */
  Error raise(Error s) {
    if (signal == null) {
      signal = s;
    }
    return s;
  }

  /**
   * The control-flow signal raised so far, or {@code null}: a non-determinism or a continue-as-new
   * decides how the execution ends even when user code caught it (e.g. {@code catch (Throwable
   * t)}), and every later call on this context throws it again.
   */
  Error signal() {
    return signal;
  }

  // ---- OrchestrationContext ---------------------------------------------------------------

  @Override
  public String instanceId() {
    return instanceId;
  }

  @Override
  public String name() {
    return started.name();
  }

  @Override
  public String version() {
    return started.version();
  }

  String executionId() {
    return started.executionId();
  }

  /** The W3C {@code traceparent} of this execution's span, which its new calls carry, or null. */
  String traceParent() {
    return started.traceParent();
  }

  @Override
  public ParentInstance parent() {
    return started.parentInstanceId() == null
        ? null
        : new ParentInstance(started.parentInstanceId(), started.parentExecutionId());
  }

  @Override
  public <T> T input(Class<T> type) {
    checkCaller();
    return converter.deserialize(started.input(), type);
  }

  @Override
  public Task<Void> callActivity(String name, Object input) {
    return callActivity(name, input, Void.class, null);
  }

  @Override
  public <T> Task<T> callActivity(String name, Object input, Class<T> resultType) {
    return callActivity(name, input, resultType, null);
  }

  @Override
  public <T> Task<T> callActivity(
      String name, Object input, Class<T> resultType, TaskOptions options) {
    checkCaller();
    return calls.activity(name, input, resultType, options);
  }

  @Override
  public Task<Void> callSubOrchestrator(String name, Object input) {
    return callSubOrchestrator(name, input, Void.class, null);
  }

  @Override
  public <T> Task<T> callSubOrchestrator(String name, Object input, Class<T> resultType) {
    return callSubOrchestrator(name, input, resultType, null);
  }

  @Override
  public <T> Task<T> callSubOrchestrator(
      String name, Object input, Class<T> resultType, SubOrchestrationOptions options) {
    checkCaller();
    return calls.subOrchestration(name, input, resultType, options);
  }

  @Override
  public Task<DurableHttpResponse> callHttp(DurableHttpRequest request) {
    checkCaller();
    return http.call(request);
  }

  /** The instance id of the child started by action {@code taskId} without a chosen id. */
  String derivedChildId(int taskId) {
    return derivedId("sub-orchestration/" + taskId).toString();
  }

  @Override
  public <T> Task<T> waitForExternalEvent(String name, Class<T> type) {
    checkCaller();
    return events.waitFor(name, null, type, false, null);
  }

  @Override
  public <T> Task<T> waitForExternalEvent(String name, Duration timeout, Class<T> type) {
    checkCaller();
    requireTimeout(timeout);
    return events.waitFor(name, timeout, type, false, null);
  }

  @Override
  public <T> Task<T> waitForExternalEvent(
      String name, Duration timeout, Class<T> type, T defaultValue) {
    checkCaller();
    requireTimeout(timeout);
    return events.waitFor(name, timeout, type, true, defaultValue);
  }

  private static void requireTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "an event timeout must be zero or positive, got " + timeout);
    }
  }

  @Override
  public void sendEvent(String instanceId, String eventName, Object eventData) {
    checkCaller();
    InstanceIds.validate(instanceId);
    if (eventName == null || eventName.isBlank()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "an event name must not be blank");
    }
    String data = converter.serialize(eventData);
    recordAction(new EventSent(currentTime, nextTaskId++, instanceId, eventName, data));
  }

  @Override
  public void continueAsNew(Object input) {
    continueAsNew(input, null);
  }

  @Override
  public void continueAsNew(Object input, ContinueAsNewOptions options) {
    checkCaller();
    continuedInput = converter.serialize(input);
    carryEvents = options == null || options.isPreserveUnprocessedEvents();
    throw raise(ContinueAsNewSignal.INSTANCE);
  }

  /** The input of the next execution, once the code has called {@code continueAsNew}. */
  String continuedInput() {
    return continuedInput;
  }

  @Override
  public Task<Void> createTimer(Duration delay) {
    checkCaller();
    if (delay == null || delay.isNegative()) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "a timer delay must be zero or positive, got " + delay);
    }
    return createTimerTask(currentTime.plus(delay));
  }

  @Override
  public Task<Void> createTimer(Instant fireAt) {
    checkCaller();
    if (fireAt == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "a timer needs a fire time");
    }
    return createTimerTask(fireAt.isBefore(currentTime) ? currentTime : fireAt);
  }

  /** The deterministic current time, without the caller check (for composites and retries). */
  Instant now() {
    return currentTime;
  }

  TaskImpl<Void> createTimerTask(Instant fireAt) {
    int id = nextTaskId++;
    recordAction(new TimerCreated(currentTime, id, fireAt));
    var task = new TaskImpl<Void>(this);
    open.put(id, e -> task.complete(null));
    return task;
  }

  @Override
  public <T> Task<List<T>> allOf(List<Task<T>> tasks) {
    checkCaller();
    return CompositeTasks.allOf(this, tasks);
  }

  @Override
  public Task<Void> allOf(Task<?>... tasks) {
    checkCaller();
    return CompositeTasks.allDone(this, tasks);
  }

  @Override
  public Task<Task<?>> anyOf(List<? extends Task<?>> tasks) {
    checkCaller();
    return CompositeTasks.anyOf(this, tasks);
  }

  @Override
  public Task<Task<?>> anyOf(Task<?>... tasks) {
    checkCaller();
    return CompositeTasks.anyOf(this, tasks == null ? null : Arrays.asList(tasks));
  }

  /** Runs a task continuation ({@code thenApply}, a retry handler), in which nothing may await. */
  <R> R inContinuation(Supplier<R> code) {
    continuationDepth++;
    try {
      return code.get();
    } finally {
      continuationDepth--;
    }
  }

  /** The task as this execution's own; refuses tasks of another orchestration. */
  <T> TaskImpl<T> own(Task<T> task) {
    if (task == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "a task to combine must not be null");
    }
    if (task instanceof TaskImpl<T> impl && impl.owner() == this) {
      return impl;
    }
    throw new BatonException(
        ErrorCode.ILLEGAL_ORCHESTRATION_CALL,
        "a task can be combined only by the orchestration that created it");
  }

  @Override
  public Instant currentTime() {
    checkCaller();
    return currentTime;
  }

  @Override
  public UUID newUuid() {
    checkCaller();
    return derivedId(String.valueOf(uuidCounter++));
  }

  /** A name-based UUID from this execution and {@code suffix}: the same on every replay. */
  private UUID derivedId(String suffix) {
    String name = instanceId + "/" + started.executionId() + "/" + suffix;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean isReplaying() {
    return replaying;
  }

  @Override
  public void setCustomStatus(Object status) {
    checkCaller();
    customStatus = converter.serialize(status);
  }

  @Override
  public System.Logger logger() {
    if (logger == null) {
      logger =
          new ReplaySafeLogger(
              System.getLogger("dev.baton.orchestration." + started.name()), this::isReplaying);
    }
    return logger;
  }

  @Override
  public <L> L logger(Class<L> type, L logger) {
    checkCaller();
    return ReplaySafeLoggers.wrap(type, logger, this::isReplaying);
  }

  private void checkCaller() {
    execution.checkCaller();
  }

  /** The caller check, for tasks composed outside this class. */
  void checkCallerForTasks() {
    checkCaller();
  }

  // ---- entities ---------------------------------------------------------------------------

  @Override
  public void signalEntity(EntityId entity, String operation, Object input) {
    checkCaller();
    entities.signal(entity, operation, input, null);
  }

  @Override
  public void signalEntity(EntityId entity, String operation, Object input, Instant at) {
    checkCaller();
    entities.signal(entity, operation, input, at);
  }

  @Override
  public <T> Task<T> callEntity(
      EntityId entity, String operation, Object input, Class<T> resultType) {
    return callEntity(entity, operation, input, resultType, null);
  }

  @Override
  public <T> Task<T> callEntity(
      EntityId entity, String operation, Object input, Class<T> resultType, TaskOptions options) {
    checkCaller();
    return entities.call(entity, operation, input, resultType, options, calls);
  }

  @Override
  public EntityLock lockEntities(EntityId... ids) {
    checkCaller();
    return entities.lock(ids);
  }

  @Override
  public boolean isInCriticalSection() {
    checkCaller();
    return entities.inCriticalSection();
  }

  /** Refuses {@code what} inside a critical section (e.g. starting a sub-orchestration). */
  void checkNoCriticalSection(String what) {
    entities.checkNoCriticalSection(what);
  }

  void checkCallerForEntities() {
    checkCaller();
  }

  int allocateTaskId() {
    return nextTaskId++;
  }

  void expect(int taskId, Consumer<HistoryEvent> handler) {
    open.put(taskId, handler);
  }
}
