package dev.baton.core.impl;

import dev.baton.core.history.HistoryEvent;
import dev.baton.core.impl.InstanceMachine.Arrived;
import dev.baton.core.impl.InstanceMachine.Commit;
import dev.baton.core.impl.InstanceMachine.Committed;
import dev.baton.core.impl.InstanceMachine.DeleteMessages;
import dev.baton.core.impl.InstanceMachine.DropExecution;
import dev.baton.core.impl.InstanceMachine.Effect;
import dev.baton.core.impl.InstanceMachine.Failed;
import dev.baton.core.impl.InstanceMachine.GiveBack;
import dev.baton.core.impl.InstanceMachine.Input;
import dev.baton.core.impl.InstanceMachine.LoadForRewind;
import dev.baton.core.impl.InstanceMachine.LoadHistory;
import dev.baton.core.impl.InstanceMachine.Loaded;
import dev.baton.core.impl.InstanceMachine.Park;
import dev.baton.core.impl.InstanceMachine.Produced;
import dev.baton.core.impl.InstanceMachine.RunEpisode;
import dev.baton.core.impl.InstanceMachine.Stopping;
import dev.baton.core.impl.InstanceMachine.Triage;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Owns one partition of the task hub while this engine holds its lease. Everything here runs on
 * this verticle's context: no locks.
 *
 * <p>Loop: receive a batch of control messages without blocking, group them by instance and feed
 * them to each instance's {@link InstanceMachine}, which runs one episode at a time; this verticle
 * carries out the effects the machine answers (load the history, triage, run, commit: history
 * appended under its ETag, status row, outgoing messages, see {@link OrchestrationSteps}; then
 * delete the consumed messages, or give them back when any effect failed) and feeds their outcomes
 * back. A message whose event is already in history (a redelivery after a crash mid-commit)
 * re-sends what its episode and later ones made and rewrites the status row, so no step of a commit
 * is ever lost.
 */
final class PartitionVerticle extends VerticleBase {

  private static final System.Logger LOG = System.getLogger(PartitionVerticle.class.getName());

  private final int index;
  private final BatonImpl engine;
  private MessageQueue<ControlMessage> queue;
  private OrchestrationSteps steps;

  /** The inputs not fed yet, while effects are carried out (see {@link #feed}). */
  private final ArrayDeque<Runnable> inbox = new ArrayDeque<>();

  private boolean feeding;

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
    steps =
        new OrchestrationSteps(engine, inflight, meters, worker, context, orchestrationScheduler);
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
    for (InstanceSlot slot : List.copyOf(slots.values())) {
      feed(slot, new Stopping()); // a commit under way finishes; nothing else runs any more
    }
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
    Map<InstanceSlot, List<String>> arrived = new LinkedHashMap<>();
    for (Delivery<ControlMessage> d : deliveries) {
      if (!inflight.hold(d)) {
        // a redelivery of a message still waiting here: keep only its newest receipt
        InstanceSlot waiting = slots.get(d.message().instanceId());
        if (d.dequeueCount() > engine.options().getMaxDequeueCount()
            && waiting != null
            && waiting.machine.forgetWaiting(d.messageId())) {
          poison(d); // its instance never started
        }
        continue;
      }
      if (d.dequeueCount() > engine.options().getMaxDequeueCount()) {
        poison(d);
        continue;
      }
      arrived
          .computeIfAbsent(slot(d.message().instanceId()), s -> new ArrayList<>())
          .add(d.messageId());
    }
    if (stopped) {
      return; // held messages go back to the queue
    }
    arrived.forEach((slot, ids) -> feed(slot, new Arrived(ids)));
  }

  private InstanceSlot slot(String instanceId) {
    return slots.computeIfAbsent(
        instanceId,
        id ->
            new InstanceSlot(
                id, engine.options().getMaxEntityBatchSize(), engine.options().getCacheSize() > 0));
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
          feed(slot(message.instanceId()), new Arrived(List.of(id)));
        });
  }

  private void poison(Delivery<ControlMessage> d) {
    engine.recordPoison(d.message());
    inflight.setAsidePoison(d);
  }

  // ---- the loop: effects carried out, outcomes fed back ------------------------------------

  /** Feeds {@code input} to the slot's machine and carries out its effects, one input at a time. */
  private void feed(InstanceSlot slot, Input input) {
    inbox.add(() -> step(slot, input));
    if (feeding) {
      return; // an outcome known at once: taken after the effects under way
    }
    feeding = true;
    try {
      for (Runnable next; (next = inbox.poll()) != null; ) {
        next.run();
      }
    } finally {
      feeding = false;
    }
  }

  private void step(InstanceSlot slot, Input input) {
    List<Effect> effects;
    try {
      effects = slot.machine.on(input);
    } catch (IllegalStateException bug) {
      LOG.log(System.Logger.Level.ERROR, "instance '" + slot.instanceId + "': " + bug, bug);
      return;
    }
    for (Effect effect : effects) {
      perform(slot, effect);
    }
  }

  private void perform(InstanceSlot slot, Effect effect) {
    switch (effect) {
      case LoadHistory l -> {
        meters.episodeStarted(slot);
        idle.take(slot.instanceId);
        outcome(slot, () -> steps.load(slot, l.batch(), l.cached()), v -> new Loaded());
      }
      case Triage t -> outcome(slot, () -> steps.triage(slot, t.batch()), p -> p);
      case LoadForRewind r -> outcome(slot, () -> steps.loadForRewind(slot), v -> new Loaded());
      case RunEpisode r when slot.machine.isEntity() -> runEntity(slot, r.batch());
      case RunEpisode r -> outcome(slot, () -> steps.run(slot), v -> new Produced());
      case Commit c -> {
        long commitStart = meters.commitStarted();
        Future<Void> done = attempt(() -> steps.commit(slot));
        committing.add(done);
        done.onComplete(
            ar -> {
              committing.remove(done);
              meters.commitDone(commitStart, ar.succeeded());
              feed(slot, ar.succeeded() ? new Committed() : failed(ar.cause()));
            });
      }
      case DeleteMessages d -> {
        meters.episodeDone(slot);
        d.batch().forEach(inflight::done); // every effect is stored: the messages go
        loop.roomFreed();
      }
      case GiveBack g -> {
        meters.episodeAbandoned(slot);
        LOG.log(
            g.delay().isZero() ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
            "episode of '" + slot.instanceId + "' not committed; its messages will be redelivered",
            g.cause());
        g.batch().forEach(id -> inflight.retryLater(id, g.delay()));
      }
      case DropExecution x -> slot.dropExecution();
      case Park p -> idle.park(slot); // the engine's least recently used beyond its bounds leave
    }
  }

  /** An entity's episode: a batch of its operations applied and committed in one write. */
  private void runEntity(InstanceSlot slot, List<String> batch) {
    meters.episodeStarted(slot);
    idle.take(slot.instanceId);
    List<HistoryEvent> events = new ArrayList<>(batch.size());
    for (String messageId : batch) {
      events.add(inflight.get(messageId).message().event());
    }
    outcome(
        slot,
        () ->
            engine
                .entities()
                .episode(slot.instanceId, slot.entity, events, context, orchestrationScheduler)
                .map(loaded -> slot.entity = loaded),
        v -> new Committed());
  }

  /** Feeds the outcome of {@code work}: {@code success} of its result, or {@link Failed}. */
  private <T> void outcome(
      InstanceSlot slot, Supplier<Future<T>> work, Function<T, Input> success) {
    attempt(work)
        .onComplete(
            ar -> feed(slot, ar.succeeded() ? success.apply(ar.result()) : failed(ar.cause())));
  }

  /** Starts {@code work}; a step that throws fails like one whose future failed. */
  private static <T> Future<T> attempt(Supplier<Future<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static Failed failed(Throwable cause) {
    return new Failed(cause, StoreException.is(cause, StoreException.Reason.CONFLICT));
  }

  /** Forgets a slot evicted from the cache: its next message reloads it from history. */
  private void evicted(InstanceSlot slot) {
    slot.dropExecution();
    slots.remove(slot.instanceId);
  }
}
