package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.ExecutionCompleted;
import dev.baton.core.history.HistoryEvent.ExecutionStarted;
import dev.baton.core.history.HistoryEvent.ExecutionTerminated;
import dev.baton.core.history.HistoryEvent.OrchestratorStarted;
import dev.baton.core.history.HistoryEvent.TimerFired;
import dev.baton.core.impl.replay.EpisodeResult;
import dev.baton.core.impl.replay.OrchestrationExecution;
import dev.baton.core.orchestration.Orchestrator;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.StoredHistory;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Owns one partition of the task hub while this engine holds its lease. Everything here runs on
 * this verticle's context: no locks.
 *
 * <p>Loop: receive a batch of control messages without blocking, group them by instance, and run
 * one episode per instance at a time: load its history (cache first), drop duplicates, apply the
 * new events to its execution, then commit: history appended under its ETag, status row, outgoing
 * messages, and only then the consumed messages deleted; any effect that fails gives the batch
 * back. A message whose event is already in history (a redelivery after a crash mid-commit)
 * re-sends what its episode and later ones made and rewrites the status row, so no step of a commit
 * is ever lost.
 */
final class PartitionVerticle extends VerticleBase {

  private static final System.Logger LOG = System.getLogger(PartitionVerticle.class.getName());

  private final int index;
  private final BatonImpl engine;
  private final InstanceWrites writes;
  private MessageQueue<ControlMessage> queue;

  private final Map<String, InstanceSlot> slots = new HashMap<>();

  /** Idle loaded slots, within the engine's cache bounds. */
  private PartitionCache idle;

  /** The messages held: received and not deleted yet, or handed over by a local worker. */
  private PartitionMessages inflight;

  private ReceiveLoop<ControlMessage> loop;
  private boolean stopped;
  private PartitionMeters meters = PartitionMeters.NONE;

  /** The commits under way, which a stop lets finish. */
  private final Set<Future<Void>> committing = new HashSet<>();

  /** The longest a stop waits for the commits under way. */
  private static final long DRAIN_MILLIS = 2000;

  /** Runs the activities this partition schedules, on this context. */
  private ActivityWorker worker;

  /** Runs orchestrator code on this partition's event loop (see VirtualThreads). */
  private final java.util.concurrent.Executor orchestrationScheduler;

  PartitionVerticle(int index, BatonImpl engine) {
    this.index = index;
    this.engine = engine;
    this.writes = new InstanceWrites(engine);
    this.orchestrationScheduler =
        engine.options().isOrchestrationsOnEventLoop()
            ? task -> context.runOnContext(v -> task.run())
            : null;
  }

  int index() {
    return index;
  }

  @Override
  public Future<?> start() {
    queue = engine.store().controlQueue(index);
    inflight = new PartitionMessages(vertx, queue, engine.options().getVisibilityTimeout());
    inflight.start();
    idle = engine.cache(index, context, this::evicted);
    meters = engine.meters().partition(index, () -> inflight.receivedCount(), engine.registry());
    worker = new ActivityWorker(engine, true);
    worker.init(vertx, context);
    int batchSize = engine.options().getControlBatchSize();
    loop =
        new ReceiveLoop<>(
            vertx,
            context,
            queue,
            "partition " + index,
            engine.options().getVisibilityTimeout(),
            engine.options().getMaxPollInterval(),
            () -> Math.min(batchSize, batchSize * 8 - inflight.receivedCount()),
            unused -> {},
            this::accept);
    return worker.start().onSuccess(v -> loop.start());
  }

  /**
   * Stops taking messages; commits already under way (their history appended or being appended)
   * finish and delete their messages first, for up to {@link #DRAIN_MILLIS}, so a handover does not
   * deliver them again; then every message still held goes back to the queue.
   */
  @Override
  public Future<?> stop() {
    stopped = true;
    loop.stop();
    worker.stop();
    Future<?> drained =
        committing.isEmpty()
            ? Future.succeededFuture()
            : Future.join(List.copyOf(committing)).timeout(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
    return drained.transform(
        ar -> {
          for (InstanceSlot slot : slots.values()) {
            slot.dropExecution();
          }
          slots.clear();
          idle.close();
          meters.close();
          return inflight.stop();
        });
  }

  /** From any thread: wakes this partition's activity worker. */
  void wakeWorker() {
    var w = worker;
    if (w != null) {
      w.wakeFromAnyThread();
    }
  }

  /** From any thread: wakes the receive loop after {@code delay} (at once when zero). */
  void wakeAfter(Duration delay) {
    var l = loop;
    if (l != null) {
      l.wakeAfter(delay);
    }
  }

  // ---- receive ----------------------------------------------------------------------------

  private void accept(List<Delivery<ControlMessage>> deliveries) {
    Set<InstanceSlot> touched = new LinkedHashSet<>();
    for (Delivery<ControlMessage> d : deliveries) {
      if (!inflight.hold(d)) {
        // a redelivery of a message still waiting here: keep only its newest receipt
        InstanceSlot waiting = slots.get(d.message().instanceId());
        if (d.dequeueCount() > engine.options().getMaxDequeueCount()
            && waiting != null
            && waiting.waitingForStart.remove(d.messageId())) {
          poison(d); // its instance never started
        }
        continue;
      }
      if (d.dequeueCount() > engine.options().getMaxDequeueCount()) {
        poison(d);
        continue;
      }
      String id = d.message().instanceId();
      InstanceSlot slot = slots.computeIfAbsent(id, InstanceSlot::new);
      slot.pending.add(d.messageId());
      touched.add(slot);
    }
    for (InstanceSlot slot : touched) {
      schedule(slot);
    }
  }

  /** Runs an episode for a slot that got new messages, unless one is under way. */
  private void schedule(InstanceSlot slot) {
    while (!slot.waitingForStart.isEmpty()) {
      slot.pending.addFirst(slot.waitingForStart.pollLast()); // older: before the new ones
    }
    if (slot.state != InstanceSlot.State.WORKING) {
      runEpisode(slot);
    }
  }

  /**
   * From any thread: an activity result from a worker of this engine, taken like a received message
   * but without the control queue. {@code committed} runs once an episode has applied it (or found
   * it a duplicate), {@code dropped} when this partition stops or its episode fails first; each on
   * this partition's context, exactly one of them.
   */
  void acceptLocal(ControlMessage message, Runnable committed, Runnable dropped) {
    context.runOnContext(
        v -> {
          if (stopped) {
            dropped.run();
            return;
          }
          String id = inflight.handOver(message, engine.clock().instant(), committed, dropped);
          InstanceSlot slot = slots.computeIfAbsent(message.instanceId(), InstanceSlot::new);
          slot.pending.add(id);
          schedule(slot);
        });
  }

  /** A message of this partition by id: received, or handed over locally. */
  private Delivery<ControlMessage> delivery(String messageId) {
    return inflight.get(messageId);
  }

  private void poison(Delivery<ControlMessage> d) {
    engine.recordPoison(d.message());
    inflight.setAsidePoison(d);
  }

  // ---- episodes ---------------------------------------------------------------------------

  private void runEpisode(InstanceSlot slot) {
    if (stopped) {
      return; // its messages go back to the queue
    }
    if (slot.pending.isEmpty()) {
      park(slot);
      return;
    }
    meters.episodeStarted(slot);
    if (slot.isEntity) {
      runEntityEpisode(slot);
      return;
    }
    idle.take(slot.instanceId);
    InstanceSlot.State before = slot.state;
    slot.state = InstanceSlot.State.WORKING;
    List<String> batch = new ArrayList<>(slot.pending);
    slot.pending.clear();
    Future<Void> loaded;
    if (before != InstanceSlot.State.UNLOADED) {
      meters.cacheHit();
      loaded = Future.succeededFuture();
    } else if (inflight.allFirstDeliveriesOfStarts(batch)) {
      loaded = assumeNoHistory(slot);
    } else {
      loaded = load(slot);
    }
    loaded.onComplete(
        ar -> {
          if (stopped) {
            return;
          }
          if (ar.failed()) {
            abandon(slot, batch, ar.cause());
          } else {
            decide(slot, batch);
          }
        });
  }

  /** An entity's episode: up to a batch of its messages applied and committed in one write. */
  private void runEntityEpisode(InstanceSlot slot) {
    idle.take(slot.instanceId);
    slot.state = InstanceSlot.State.WORKING;
    int max = engine.options().getMaxEntityBatchSize();
    List<String> batch = new ArrayList<>(Math.min(max, slot.pending.size()));
    List<HistoryEvent> events = new ArrayList<>(Math.min(max, slot.pending.size()));
    while (batch.size() < max && !slot.pending.isEmpty()) {
      String messageId = slot.pending.poll();
      batch.add(messageId);
      events.add(delivery(messageId).message().event());
    }
    engine
        .entities()
        .episode(slot.instanceId, slot.entity, events, context, orchestrationScheduler)
        .onComplete(
            ar -> {
              if (stopped) {
                return;
              }
              if (ar.failed()) {
                abandon(slot, batch, ar.cause());
              } else {
                slot.entity = ar.result();
                finishBatch(slot, batch, false);
              }
            });
  }

  /**
   * A new instance is expected to have no history, so its first episode does not read one: the
   * commit appends only where there is none (ETag {@code null}). Where there is one after all (a
   * restart of a finished id, a start sent twice), that append fails with a conflict, the start
   * comes back with a higher dequeue count and the next episode loads the history.
   */
  private Future<Void> assumeNoHistory(InstanceSlot slot) {
    slot.resetExecution();
    slot.etag = null;
    slot.unreplayed = List.of();
    return Future.succeededFuture();
  }

  private Future<Void> load(InstanceSlot slot) {
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

  /** Sorts the batch into new events, duplicates and strays, then runs what is new. */
  private void decide(InstanceSlot slot, List<String> batch) {
    Instant now = engine.clock().instant();
    List<EpisodeTriage.Message> messages = new ArrayList<>(batch.size());
    for (String messageId : batch) {
      Delivery<ControlMessage> d = delivery(messageId);
      if (d != null) { // else released meanwhile: the partition is stopping
        // a repeated message counts as redelivered: it too may follow a commit that stopped
        int deliveries = d.message().repeated() ? Math.max(2, d.dequeueCount()) : d.dequeueCount();
        messages.add(new EpisodeTriage.Message(messageId, d.message(), deliveries));
      }
    }
    EpisodeTriage.Result t = EpisodeTriage.sort(slot, messages, now);
    if (!t.deferred().isEmpty()) {
      batch.removeAll(t.deferred()); // kept in flight, tried again with the next message
      slot.waitingForStart.addAll(t.deferred());
      t.deferred().forEach(inflight::stopRenewing); // poison if the start never comes
    }
    // what the batch asks for besides its commit, all stored before its messages may go
    List<Future<Void>> asides = new ArrayList<>();
    for (TimerFired early : t.earlyTimers()) {
      asides.add(engine.sendTimer(slot.instanceId, slot.started.executionId(), early, now));
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
    if (asides.isEmpty()) {
      proceed(slot, batch, t, now);
      return;
    }
    Future.all(asides)
        .onComplete(
            ar -> {
              if (stopped) {
                return;
              }
              if (ar.failed()) {
                abandon(slot, batch, ar.cause());
              } else {
                proceed(slot, batch, t, now);
              }
            });
  }

  /** Runs, or commits, what the triage accepted. */
  private void proceed(InstanceSlot slot, List<String> batch, EpisodeTriage.Result t, Instant now) {
    if (t.rewind() != null && t.terminate() == null) {
      rewind(slot, batch, t.rewind(), now);
      return;
    }
    List<HistoryEvent> accepted = new ArrayList<>(t.accepted());
    ExecutionStarted newExecution =
        engine.tracing().beginOrchestration(slot.instanceId, t.newExecution());
    if (newExecution != null) {
      List<HistoryEvent> carried = List.copyOf(slot.carried);
      slot.resetExecution();
      accepted.addAll(0, carried);
      accepted.addFirst(newExecution);
    }
    if (t.terminate() != null) {
      List<HistoryEvent> events = new ArrayList<>();
      events.add(new OrchestratorStarted(now));
      events.addAll(accepted);
      events.add(new ExecutionTerminated(now, t.terminate().reason()));
      slot.dropExecution();
      commit(slot, batch, events, null, newExecution != null ? Rewrite.NEW_EXECUTION : null);
    } else if (!accepted.isEmpty()) {
      execute(slot, batch, accepted, now, newExecution != null ? Rewrite.NEW_EXECUTION : null);
    } else {
      finishBatch(slot, batch, t.duplicate());
    }
  }

  /**
   * Rewinds a failed execution ({@link Rewrite#rewind}): the calls open at the cut are made again.
   */
  private void rewind(
      InstanceSlot slot, List<String> batch, HistoryEvent.ExecutionRewound r, Instant now) {
    Rewrite.rewind(engine, slot, r)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                abandon(slot, batch, ar.cause());
              } else {
                execute(slot, batch, ar.result().fresh(), now, ar.result().rewrite());
              }
            });
  }

  private void execute(
      InstanceSlot slot,
      List<String> batch,
      List<HistoryEvent> accepted,
      Instant now,
      Rewrite rewrite) {
    List<HistoryEvent> fresh = new ArrayList<>(accepted.size() + 1);
    fresh.add(new OrchestratorStarted(now));
    fresh.addAll(accepted);
    String name =
        slot.hasExecution() ? slot.started.name() : ((ExecutionStarted) accepted.getFirst()).name();
    Orchestrator<?> orchestrator = engine.registry().orchestrator(name);
    if (orchestrator == null) {
      BatonException unknown = Registry.unknownOrchestrator(name);
      fresh.add(
          new ExecutionCompleted(
              now,
              RuntimeStatus.FAILED,
              null,
              new FailureDetails(BatonException.class.getName(), unknown.getMessage(), "", null)));
      commit(slot, batch, fresh, null, rewrite);
      return;
    }
    String refused = VersionGate.refusal(engine.options().getVersioning(), slot, accepted, name);
    if (refused != null && VersionGate.leaves(engine.options().getVersioning())) {
      leave(slot, batch, refused);
      return;
    } else if (refused != null) {
      fresh.add(VersionGate.failed(now, refused));
      commit(slot, batch, fresh, null, rewrite);
      return;
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
    slot.execution.process(
        replay,
        fresh,
        result ->
            context.runOnContext(v -> commit(slot, batch, result.newEvents(), result, rewrite)));
  }

  /**
   * Leaves an instance whose version this engine does not run as it is: its messages go back to the
   * queue as new ones (never counting toward poison), due after the recheck interval.
   */
  private void leave(InstanceSlot slot, List<String> batch, String refused) {
    List<ControlMessage> copies = new ArrayList<>(batch.size());
    batch.stream().map(this::delivery).filter(d -> d != null).forEach(d -> copies.add(d.message()));
    slot.dropExecution();
    slot.state = InstanceSlot.State.UNLOADED; // nothing was applied: the next episode reloads
    Future<Void> sent =
        engine.sendControl(copies, VersionGate.left(engine.options(), slot.instanceId, refused));
    committing.add(sent);
    sent.onComplete(
        ar -> {
          committing.remove(sent);
          if (ar.failed()) {
            abandon(slot, batch, ar.cause());
          } else {
            finishBatch(slot, batch, false);
          }
        });
  }

  private void commit(
      InstanceSlot slot,
      List<String> batch,
      List<HistoryEvent> events,
      EpisodeResult result,
      Rewrite rewrite) {
    if (stopped) {
      return;
    }
    boolean replaceHistory = rewrite != null;
    long commitStart = meters.commitStarted();
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
    Future<Void> done =
        written.compose(
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
                      || !java.util.Objects.equals(customBefore, slot.customStatus);
              Future<Void> row = rowChanged ? writes.writeRow(slot) : Future.succeededFuture();
              List<ControlMessage> unlock = releases;
              return row.compose(
                      v -> engine.sendEffects(slot.instanceId, slot.started, events, worker))
                  .compose(v -> engine.sendControl(unlock, Duration.ZERO))
                  .compose(v -> Rewrite.reopen(engine, slot, rewrite));
            });
    committing.add(done);
    done.onComplete(
        ar -> {
          committing.remove(done);
          meters.commitDone(commitStart, ar.succeeded());
          if (ar.failed()) {
            abandon(slot, batch, ar.cause());
          } else {
            finishBatch(slot, batch, false);
          }
        });
  }

  private void finishBatch(InstanceSlot slot, List<String> batch, boolean ignored) {
    meters.episodeDone(slot);
    for (String messageId : batch) {
      inflight.done(messageId); // every effect is stored: the message goes
    }
    slot.state = InstanceSlot.State.READY;
    if (engine.options().getCacheSize() == 0) {
      slot.dropExecution();
      slot.state = InstanceSlot.State.UNLOADED; // the next episode replays from the store
    }
    runEpisode(slot);
    loop.roomFreed();
  }

  /** A failed load or commit: forget the cache, let the messages come back later. */
  private void abandon(InstanceSlot slot, List<String> batch, Throwable cause) {
    boolean conflict = StoreException.is(cause, StoreException.Reason.CONFLICT);
    meters.episodeAbandoned(slot);
    LOG.log(
        conflict ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
        "episode of '" + slot.instanceId + "' not committed; its messages will be redelivered",
        cause);
    slot.dropExecution();
    slot.state = InstanceSlot.State.UNLOADED;
    Duration delay = conflict ? Duration.ZERO : Duration.ofSeconds(1);
    for (String messageId : batch) {
      inflight.retryLater(messageId, delay);
    }
    runEpisode(slot);
  }

  /** An idle slot joins the cache; the engine's least recently used beyond its bounds leave. */
  private void park(InstanceSlot slot) {
    if (slot.state == InstanceSlot.State.WORKING || !slot.waitingForStart.isEmpty()) {
      return; // busy, or holding messages for a start: not evictable
    }
    idle.park(slot);
  }

  /** Forgets a slot evicted from the cache: its next message reloads it from history. */
  private void evicted(InstanceSlot slot) {
    slot.dropExecution();
    slots.remove(slot.instanceId);
  }
}
