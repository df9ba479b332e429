package dev.baton.core.impl;

import static dev.baton.core.impl.InstanceMachine.COMMITTED;
import static dev.baton.core.impl.InstanceMachine.LOADED;
import static dev.baton.core.impl.InstanceMachine.PRODUCED;

import dev.baton.core.history.HistoryEvent;
import dev.baton.core.impl.InstanceMachine.Arrived;
import dev.baton.core.impl.InstanceMachine.Commit;
import dev.baton.core.impl.InstanceMachine.DeleteMessages;
import dev.baton.core.impl.InstanceMachine.DropExecution;
import dev.baton.core.impl.InstanceMachine.Effect;
import dev.baton.core.impl.InstanceMachine.Failed;
import dev.baton.core.impl.InstanceMachine.GiveBack;
import dev.baton.core.impl.InstanceMachine.Input;
import dev.baton.core.impl.InstanceMachine.LoadForRewind;
import dev.baton.core.impl.InstanceMachine.LoadHistory;
import dev.baton.core.impl.InstanceMachine.Park;
import dev.baton.core.impl.InstanceMachine.RunEpisode;
import dev.baton.core.impl.InstanceMachine.Triage;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.StoreException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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

  /** Closed once a stop has waited for the commits under way: they write nothing more. */
  private final CommitFence fence = new CommitFence();

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

  /**
   * The longest a stop waits for the commits under way; shorter with short leases (see {@link
   * #drainMillis}).
   */
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
    worker = new ActivityWorker(engine, true, fence);
    worker.init(vertx, context);
    steps =
        new OrchestrationSteps(
            engine, inflight, meters, worker, context, orchestrationScheduler, fence);
    int batchSize = engine.options().getControlBatchSize();
    loop =
        new ReceiveLoop<>(
            ReceiveLoop.Timers.of(vertx),
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
   * Stops taking messages; commits already under way (their history appended or being appended, or
   * an entity's episode) finish and delete their messages first, for up to {@link #drainMillis}, so
   * a handover does not deliver them again; then every message still held goes back to the queue,
   * and a commit still under way writes nothing more ({@link CommitFence}).
   */
  @Override
  public Future<?> stop() {
    stopped = true;
    loop.stop();
    worker.stop();
    for (InstanceSlot slot : List.copyOf(slots.values())) {
      // a commit under way finishes; nothing else runs any more
      feed(slot, InstanceMachine.STOPPING);
    }
    Future<?> drained =
        committing.isEmpty()
            ? Future.succeededFuture()
            : Future.join(List.copyOf(committing)).timeout(drainMillis(), TimeUnit.MILLISECONDS);
    return drained.transform(
        ar -> {
          fence.close();
          for (InstanceSlot slot : slots.values()) {
            slot.dropExecution();
          }
          slots.clear();
          idle.close();
          meters.close();
          return inflight.stop();
        });
  }

  /**
   * How long a stop waits for commits: {@link #DRAIN_MILLIS}, and at most half the lease margin, so
   * a partition stopped because its renewals failed stops writing well before its lease expires
   * (see {@link LeaseKeeper#margin}).
   */
  private long drainMillis() {
    long margin =
        LeaseKeeper.margin(
                engine.options().getLeaseDuration(), engine.options().getLeaseRenewInterval())
            .toMillis();
    return Math.max(1, Math.min(DRAIN_MILLIS, margin / 2));
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
            InstanceSlot.of(
                id, engine.options().getMaxEntityBatchSize(), engine.options().getCacheSize() > 0));
  }

  /**
   * From any thread: an activity result from a worker of this engine, taken like a received message
   * but without the control queue. {@code committed} runs once an episode has applied it (or found
   * it a duplicate), {@code dropped} when this partition stops or its episode fails first; each on
   * this partition's context, exactly one of them. Called on this partition's context (by its own
   * worker's flush, never from inside an episode), it takes the result at once.
   */
  void acceptLocal(ControlMessage message, Runnable committed, Runnable dropped) {
    if (io.vertx.core.Vertx.currentContext() == context) {
      // this partition's own worker, between two tasks of this context: no task of its own
      takeLocal(message, committed, dropped);
    } else {
      context.runOnContext(v -> takeLocal(message, committed, dropped));
    }
  }

  private void takeLocal(ControlMessage message, Runnable committed, Runnable dropped) {
    if (stopped) {
      dropped.run();
      return;
    }
    String id = inflight.handOver(message, engine.clock().instant(), committed, dropped);
    feed(slot(message.instanceId()), new Arrived(List.of(id)));
  }

  private void poison(Delivery<ControlMessage> d) {
    engine.recordPoison(d.message());
    inflight.setAsidePoison(d);
  }

  // ---- the loop: effects carried out, outcomes fed back ------------------------------------

  /**
   * Feeds {@code input} to the slot's machine and carries out its effects. An outcome known at once
   * is fed straight back from inside an effect: the machine has moved on, and the effect that
   * answers is the last of its transition, so nothing is queued or deferred.
   */
  private void feed(InstanceSlot slot, Input input) {
    try {
      slot.machine.on(input, slot, performer);
    } catch (RuntimeException bug) { // no row for the input: the machine did not move
      LOG.log(
          System.Logger.Level.ERROR,
          "instance '" + LogSafe.text(slot.instanceId) + "': " + LogSafe.text(bug),
          LogSafe.thrown(bug));
    }
  }

  private final InstanceMachine.Effects<InstanceSlot> performer = this::perform;

  /**
   * Carries out one effect. One that answers and throws fails like one whose future failed (it is
   * the last of its transition, so the machine waits for exactly this outcome).
   */
  private void perform(InstanceSlot slot, Effect effect) {
    try {
      carryOut(slot, effect);
    } catch (RuntimeException e) {
      if (!effect.answers()) {
        throw e;
      }
      feed(slot, failed(e));
    }
  }

  private void carryOut(InstanceSlot slot, Effect effect) {
    switch (effect) {
      case LoadHistory l -> {
        meters.episodeStarted(slot);
        idle.take(slot);
        answer(slot, steps.load(orchestration(slot), l.batch(), l.cached()), LOADED);
      }
      case Triage t -> answer(slot, steps.triage(orchestration(slot), t.batch()), null);
      case LoadForRewind r -> answer(slot, steps.loadForRewind(orchestration(slot)), LOADED);
      case RunEpisode r -> {
        switch (slot) {
          case OrchestrationSlot o -> answer(o, steps.run(o), PRODUCED);
          case EntitySlot e -> runEntity(e, r.batch());
        }
      }
      case Commit c -> commit(orchestration(slot));
      case DeleteMessages d -> {
        meters.episodeDone(slot);
        for (String messageId : d.batch()) {
          inflight.done(messageId); // every effect is stored: the message goes
        }
        loop.roomFreed();
      }
      case GiveBack g -> {
        meters.episodeAbandoned(slot);
        LOG.log(
            g.delay().isZero() ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
            "episode of '"
                + LogSafe.text(slot.instanceId)
                + "' not committed; its messages will be redelivered",
            LogSafe.thrown(g.cause()));
        for (String messageId : g.batch()) {
          inflight.retryLater(messageId, g.delay());
        }
      }
      case DropExecution x -> slot.dropExecution();
      case Park p -> idle.park(slot); // the engine's least recently used beyond its bounds leave
    }
  }

  private void commit(OrchestrationSlot slot) {
    long commitStart = meters.commitStarted();
    Future<Void> done = steps.commit(slot);
    if (done.isComplete()) { // a store that answered at once: nothing to drain on a stop
      meters.commitDone(commitStart, done.succeeded());
      feed(slot, outcome(done, COMMITTED));
      return;
    }
    committing.add(done);
    done.onComplete(
        ar -> {
          committing.remove(done);
          meters.commitDone(commitStart, ar.succeeded());
          feed(slot, outcome(ar, COMMITTED));
        });
  }

  /** An entity's episode: a batch of its operations applied and committed in one write. */
  private void runEntity(EntitySlot slot, List<String> batch) {
    meters.episodeStarted(slot);
    idle.take(slot);
    List<HistoryEvent> events = new ArrayList<>(batch.size());
    for (String messageId : batch) {
      events.add(inflight.get(messageId).message().event());
    }
    Future<Void> done =
        engine
            .entities()
            .episode(slot.instanceId, slot.entity, events, context, orchestrationScheduler, fence)
            .map(
                loaded -> {
                  slot.entity = loaded;
                  return null;
                });
    if (!done.isComplete()) { // a stop lets it finish, as an orchestration's commit
      committing.add(done);
      done.onComplete(ar -> committing.remove(done));
    }
    answer(slot, done, COMMITTED);
  }

  /** The slot of an effect only an orchestration's table answers. */
  private static OrchestrationSlot orchestration(InstanceSlot slot) {
    return (OrchestrationSlot) slot;
  }

  /**
   * Feeds the outcome of an effect back, at once when it is known: {@code success} when it
   * succeeded ({@code null}: its result is the input), {@link Failed} when it failed.
   */
  private void answer(InstanceSlot slot, Future<?> outcome, Input success) {
    if (outcome.isComplete()) {
      feed(slot, outcome(outcome, success));
    } else {
      outcome.onComplete(ar -> feed(slot, outcome(ar, success)));
    }
  }

  private static Input outcome(AsyncResult<?> ar, Input success) {
    if (ar.failed()) {
      return failed(ar.cause());
    }
    return success != null ? success : (Input) ar.result();
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
