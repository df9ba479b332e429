package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.VersioningOptions;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.ExecutionCompleted;
import dev.baton.core.history.HistoryEvent.ExecutionStarted;
import dev.baton.core.history.HistoryEvent.ExecutionTerminated;
import dev.baton.core.history.HistoryEvent.OrchestratorStarted;
import dev.baton.core.history.HistoryEvent.TimerFired;
import dev.baton.core.impl.InstanceMachine.Plan;
import dev.baton.core.impl.InstanceMachine.Prepared;
import dev.baton.core.impl.replay.EpisodeResult;
import dev.baton.core.impl.replay.OrchestrationExecution;
import dev.baton.core.orchestration.Orchestrator;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.StoredHistory;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Carries out the effects of an orchestration's episode that touch its history and code: load,
 * triage (with the side writes the batch asks for), rewind, run, commit. Each returns a future
 * whose outcome the partition feeds back to the instance's {@link InstanceMachine}; what one step
 * hands to the next (the triage, the events, the rewrite) is kept in the slot's {@link Work}.
 * Called on the partition's context only.
 */
final class OrchestrationSteps {

  /** What the steps of one episode hand on. */
  static final class Work {
    private EpisodeTriage.Result triage;
    private Instant now;
    private List<HistoryEvent> events;
    private EpisodeResult result;
    private Rewrite rewrite;
    private boolean rewound;
    private List<String> batch;
    private boolean left;

    /** Forgets the last episode's hand-overs: one per slot, reused episode after episode. */
    static Work fresh(Work w) {
      if (w == null) {
        return new Work();
      }
      w.triage = null;
      w.now = null;
      w.events = null;
      w.result = null;
      w.rewrite = null;
      w.rewound = false;
      w.batch = null;
      w.left = false;
      return w;
    }
  }

  private final BatonImpl engine;
  private final InstanceWrites writes;
  private final PartitionMessages inflight;
  private final PartitionMeters meters;
  private final ActivityWorker worker;
  private final Context context;
  private final Executor orchestrationScheduler;

  /** Closed when the partition has stopped: commits still under way write nothing more. */
  private final CommitFence fence;

  OrchestrationSteps(
      BatonImpl engine,
      PartitionMessages inflight,
      PartitionMeters meters,
      ActivityWorker worker,
      Context context,
      Executor orchestrationScheduler,
      CommitFence fence) {
    this.engine = engine;
    this.fence = fence;
    this.writes = new InstanceWrites(engine, fence);
    this.inflight = inflight;
    this.meters = meters;
    this.worker = worker;
    this.context = context;
    this.orchestrationScheduler = orchestrationScheduler;
  }

  /**
   * Takes the history: from memory when {@code cached}; assumed empty when the batch is only first
   * deliveries of starts (the commit then appends only where there is none, ETag {@code null};
   * where there is one after all, that append fails with a conflict and the next episode reads it);
   * otherwise read from the store.
   */
  Future<Void> load(OrchestrationSlot slot, List<String> batch, boolean cached) {
    slot.work = Work.fresh(slot.work);
    if (cached) {
      meters.cacheHit();
      return Future.succeededFuture();
    }
    if (inflight.allFirstDeliveriesOfStarts(batch)) {
      slot.resetExecution();
      slot.etag = null;
      slot.unreplayed = List.of();
      return Future.succeededFuture();
    }
    meters.cacheMiss();
    return engine
        .store()
        .history()
        .load(slot.instanceId)
        .map(
            (StoredHistory h) -> {
              slot.resetExecution();
              slot.etag = h.etag();
              slot.fold(h.events());
              slot.unreplayed = h.events();
              return null;
            });
  }

  /**
   * Sorts the batch into new events, duplicates and strays, and stores what it asks for besides its
   * commit (early timers sent again, refused starts answered, unwanted locks released, re-sends
   * after a redelivery), all before its messages may go.
   */
  Future<Prepared> triage(OrchestrationSlot slot, List<String> batch) {
    Instant now = engine.clock().instant();
    List<EpisodeTriage.Message> messages = new ArrayList<>(batch.size());
    for (String messageId : batch) {
      Delivery<ControlMessage> d = inflight.get(messageId);
      if (d != null) { // else released meanwhile: the partition is stopping
        // a repeated message counts as redelivered: it too may follow a commit that stopped
        int deliveries = d.message().repeated() ? Math.max(2, d.dequeueCount()) : d.dequeueCount();
        messages.add(new EpisodeTriage.Message(messageId, d.message(), deliveries));
      }
    }
    EpisodeTriage.Result t = EpisodeTriage.sort(slot, messages, now);
    t.deferred().forEach(inflight::stopRenewing); // poison if the start never comes
    List<Future<Void>> asides = new ArrayList<>();
    for (TimerFired early : t.earlyTimers()) {
      asides.add(engine.sends().timer(slot.instanceId, slot.started.executionId(), early, now));
    }
    for (ExecutionStarted refused : t.refusedStarts()) {
      asides.add(writes.refuseStart(slot, refused, now));
    }
    for (HistoryEvent stray : t.strays()) {
      asides.add(writes.releaseUnwantedLock(stray, now));
    }
    if (t.duplicate()) {
      // the re-sends and the row they rewrite come before this episode's commit and its row
      asides.add(writes.resendAfterRedelivery(slot, t.repeats(), t.tellAgain()));
    }
    slot.work.triage = t;
    slot.work.now = now;
    slot.work.batch = batch;
    Plan plan;
    if (t.rewind() != null && t.terminate() == null) {
      plan = Plan.REWIND;
    } else if (t.terminate() != null || t.newExecution() != null || !t.accepted().isEmpty()) {
      plan = Plan.EXECUTE;
    } else {
      plan = Plan.NOTHING;
    }
    Prepared prepared = Prepared.of(plan, t.deferred());
    return asides.isEmpty() ? Future.succeededFuture(prepared) : Future.all(asides).map(prepared);
  }

  /**
   * Rewinds a failed execution ({@link Rewrite#rewind}): the code replays the history kept before
   * the cut and continues; the calls open at the cut are made again once the episode is committed.
   */
  Future<Void> loadForRewind(OrchestrationSlot slot) {
    Work w = slot.work;
    return Rewrite.rewind(engine, slot, w.triage.rewind())
        .map(
            r -> {
              w.events = r.fresh();
              w.rewrite = r.rewrite();
              w.rewound = true;
              return null;
            });
  }

  /**
   * Runs what the triage accepted (or the rewind reopened); the future completes, on this context,
   * once the episode's events are ready to commit.
   */
  Future<Void> run(OrchestrationSlot slot) {
    Work w = slot.work;
    Instant now = w.now;
    if (w.rewound) {
      return execute(slot, w.events);
    }
    EpisodeTriage.Result t = w.triage;
    String refused = t.terminate() == null ? refusal(slot, t.newExecution()) : null;
    if (refused != null && VersionGate.leaves(engine.options().getVersioning())) {
      return leave(slot, refused);
    }
    List<HistoryEvent> accepted = new ArrayList<>(t.accepted());
    ExecutionStarted newExecution =
        engine.tracing().beginOrchestration(slot.instanceId, t.newExecution());
    if (newExecution != null) {
      List<HistoryEvent> carried = List.copyOf(slot.carried);
      slot.resetExecution();
      accepted.addAll(0, carried);
      accepted.addFirst(newExecution);
      w.rewrite = Rewrite.NEW_EXECUTION;
    }
    if (t.terminate() != null) {
      List<HistoryEvent> events = new ArrayList<>();
      events.add(new OrchestratorStarted(now));
      events.addAll(accepted);
      events.add(new ExecutionTerminated(now, t.terminate().reason()));
      slot.dropExecution();
      w.events = events;
      return Future.succeededFuture();
    }
    if (refused != null) { // failed for its version, its code not run
      List<HistoryEvent> events = new ArrayList<>(accepted.size() + 2);
      events.add(new OrchestratorStarted(now));
      events.addAll(accepted);
      events.add(VersionGate.failed(now, refused));
      w.events = events;
      return Future.succeededFuture();
    }
    return execute(slot, accepted);
  }

  /**
   * Why the engine's versioning options refuse to run the instance (the execution {@code starting}
   * begins, else its current one), or {@code null}.
   */
  private String refusal(OrchestrationSlot slot, ExecutionStarted starting) {
    VersioningOptions versioning = engine.options().getVersioning();
    if (versioning.getMatchStrategy() == VersioningOptions.MatchStrategy.NONE) {
      return null;
    }
    ExecutionStarted s = starting != null ? starting : slot.started;
    return s == null ? null : VersionGate.refusal(versioning, s.name(), s.version());
  }

  /**
   * Leaves an instance whose version this engine does not run as it is: nothing is applied, and its
   * messages go back to the queue as new ones (never counting toward poison), due after the recheck
   * interval; the commit then stores nothing and the originals are deleted.
   */
  private Future<Void> leave(OrchestrationSlot slot, String refused) {
    Work w = slot.work;
    List<ControlMessage> copies = new ArrayList<>(w.batch.size());
    for (String messageId : w.batch) {
      Delivery<ControlMessage> d = inflight.get(messageId);
      if (d != null && !w.triage.deferred().contains(messageId)) {
        copies.add(d.message());
      }
    }
    w.left = true;
    w.events = List.of();
    return engine.sendControl(copies, VersionGate.left(engine.options(), slot.instanceId, refused));
  }

  private Future<Void> execute(OrchestrationSlot slot, List<HistoryEvent> accepted) {
    Work w = slot.work;
    List<HistoryEvent> fresh = new ArrayList<>(accepted.size() + 1);
    fresh.add(new OrchestratorStarted(w.now));
    fresh.addAll(accepted);
    String name =
        slot.hasExecution() ? slot.started.name() : ((ExecutionStarted) accepted.getFirst()).name();
    Orchestrator<?> orchestrator = engine.registry().orchestrator(name);
    if (orchestrator == null) {
      BatonException unknown = Registry.unknownOrchestrator(name);
      fresh.add(
          new ExecutionCompleted(
              w.now,
              RuntimeStatus.FAILED,
              null,
              new FailureDetails(BatonException.class.getName(), unknown.getMessage(), "", null)));
      w.events = fresh;
      return Future.succeededFuture();
    }
    List<HistoryEvent> replay = List.of();
    if (slot.execution == null) {
      slot.execution =
          new OrchestrationExecution(
              slot.instanceId,
              orchestrator,
              engine.converter(),
              orchestrationScheduler,
              engine.stepWatch());
      replay = slot.unreplayed;
    }
    slot.unreplayed = List.of();
    meters.replayed(slot, name, replay.size());
    Promise<Void> produced = Promise.promise();
    slot.execution.process(
        replay,
        fresh,
        result ->
            context.runOnContext(
                v -> {
                  w.events = result.newEvents();
                  w.result = result;
                  produced.complete();
                }));
    return produced.future();
  }

  /**
   * The token under which this episode's activities may run on this engine without the queue
   * ({@link PartitionMessages.Token}), or {@code null}: they go through the queue when local runs
   * are off, when the execution has just ended (its calls must outlive it durably), or when no
   * message of the episode was applied in it (a redelivery of a stray would re-send nothing).
   */
  private PartitionMessages.Token localToken(OrchestrationSlot slot, List<HistoryEvent> events) {
    if (!engine.options().isLocalActivities()
        || !slot.hasExecution()
        || slot.isFinished()
        || slot.hasContinuedAsNew()
        || !schedulesActivity(events)) {
      return null;
    }
    Work w = slot.work;
    String candidate = null;
    for (String messageId : w.batch) {
      Delivery<ControlMessage> d = inflight.received(messageId);
      if (d != null
          && !w.triage.deferred().contains(messageId)
          && appliedIn(events, d.message().event())) {
        candidate = messageId;
        break;
      }
    }
    return inflight.token(slot.instanceId, slot.started.executionId(), slot.rewinds, candidate);
  }

  private static boolean schedulesActivity(List<HistoryEvent> events) {
    for (HistoryEvent e : events) {
      if (e instanceof HistoryEvent.TaskScheduled) {
        return true;
      }
    }
    return false;
  }

  /** Whether a message carrying {@code event} was applied as one of {@code events}. */
  private static boolean appliedIn(List<HistoryEvent> events, HistoryEvent event) {
    for (HistoryEvent e : events) {
      if (InstanceWrites.sameMessage(e, event)) {
        return true;
      }
    }
    return false;
  }

  /** {@code next}, unless the partition stopped meanwhile: then a CONFLICT, and nothing written. */
  private Future<Void> unlessFenced(OrchestrationSlot slot, Supplier<Future<Void>> next) {
    return fence.unlessClosed(slot.instanceId, next);
  }

  /**
   * Commits the episode: history appended under its ETag (or written whole after a rewind or a new
   * execution), the status row when it changed, the outgoing messages, the lock releases at the end
   * of an execution and the calls a rewind reopens; the future fails when any of them did.
   */
  Future<Void> commit(OrchestrationSlot slot) {
    Work w = slot.work;
    if (w.left) {
      return Future.succeededFuture(); // left for an engine of its version: nothing to store
    }
    List<HistoryEvent> events = w.events;
    EpisodeResult result = w.result;
    Rewrite rewrite = w.rewrite;
    boolean replaceHistory = rewrite != null;
    var history = engine.store().history();
    List<HistoryEvent> whole = events;
    if (replaceHistory && !rewrite.kept().isEmpty()) {
      whole = new ArrayList<>(rewrite.kept().size() + events.size());
      whole.addAll(rewrite.kept());
      whole.addAll(events);
    }
    Future<String> written =
        replaceHistory && slot.etag != null
            ? history.replace(slot.instanceId, slot.etag, whole)
            : history.append(slot.instanceId, slot.etag, whole);
    return written.compose(
        etag -> {
          slot.etag = etag;
          RuntimeStatus before = slot.status;
          String customBefore = slot.customStatus;
          slot.fold(events);
          if (result != null) {
            slot.customStatus = result.customStatus();
          }
          List<ControlMessage> releases = List.of();
          if (slot.isFinished() || slot.hasContinuedAsNew()) {
            slot.dropExecution();
            releases = slot.sentToEntities.releaseAtEnd(engine.clock().instant());
          }
          boolean rowChanged =
              replaceHistory
                  || before != slot.status
                  || !Objects.equals(customBefore, slot.customStatus);
          // only the episode that starts an execution creates a missing row (see writeRow)
          boolean mayCreate = rewrite == Rewrite.NEW_EXECUTION;
          Future<Void> row =
              rowChanged
                  ? unlessFenced(slot, () -> writes.writeRow(slot, mayCreate))
                  : Future.succeededFuture();
          List<ControlMessage> unlock = releases;
          return row.compose(
                  v ->
                      unlessFenced(
                          slot,
                          () ->
                              engine
                                  .sends()
                                  .effects(
                                      slot.instanceId,
                                      slot.started,
                                      events,
                                      worker,
                                      localToken(slot, events))))
              .compose(v -> unlessFenced(slot, () -> engine.sendControl(unlock, Duration.ZERO)))
              .compose(v -> unlessFenced(slot, () -> Rewrite.reopen(engine, slot, rewrite)));
        });
  }
}
