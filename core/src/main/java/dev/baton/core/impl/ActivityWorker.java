package dev.baton.core.impl;

import dev.baton.core.BatonException;
import dev.baton.core.DataConverter;
import dev.baton.core.ErrorCode;
import dev.baton.core.FailureDetails;
import dev.baton.core.activity.Activity;
import dev.baton.core.activity.ActivityContext;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.impl.replay.VirtualThreads;
import dev.baton.core.spi.ActivityWorkItem;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A competing consumer of the work-item queue, and a partition's runner of the activities it calls
 * ({@link #runLocally}). Activity code runs on virtual threads, at most {@code activityConcurrency}
 * at once: of the JDK's default scheduler, or of {@link ActivityCarriers} for one that starts while
 * few others run (where the JVM allows a chosen scheduler), or carried by this worker's event loop
 * for an activity registered so ({@code ActivityOptions.onEventLoop}). A result goes straight to
 * its instance's partition when this engine holds it, else through that partition's control queue;
 * either way the work item is deleted only after the result is safe (committed in the history, or
 * sent), so a crash in between runs the activity again (at least once) and the partition drops the
 * second result (at most once).
 */
final class ActivityWorker extends VerticleBase {

  private static final System.Logger LOG = System.getLogger(ActivityWorker.class.getName());

  private final BatonImpl engine;
  private final boolean follower;
  private MessageQueue<ActivityWorkItem> queue;
  private HeldMessages<ActivityWorkItem> held;

  /** Activities on the JDK's default scheduler: while others run (see {@link #pooled}). */
  private ExecutorService executor;

  /**
   * Activities on {@link ActivityCarriers}, where the JVM allows it: those that start while few
   * others run ({@link ActivityCarriers#activityStarts}). {@code null} where the JVM does not allow
   * it or the options turn the carriers off ({@code BatonOptions.setActivityCarriers}).
   */
  private ExecutorService onCarriers;

  /**
   * Makes the threads of activities registered to run on the event loop: carried by this worker's,
   * when the engine runs orchestrator code there; {@code null} otherwise.
   */
  private java.util.concurrent.ThreadFactory onEventLoop;

  /** The event-loop activities running, interrupted on a stop like the executor's. */
  private final java.util.Set<Thread> onEventLoopRunning =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private HttpActivity http;
  private int running;
  private ReceiveLoop<ActivityWorkItem> loop;
  private volatile boolean stopped;

  /** Results not sent yet, added from any thread; one flush on the context takes them all. */
  private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();

  private final AtomicBoolean flushPending = new AtomicBoolean();

  /**
   * A result to hand on; {@code local} is the token of a run its partition started without the
   * queue ({@link #runLocally}), {@code null} for a work item received from the queue.
   */
  private record Finished(
      Delivery<ActivityWorkItem> delivery, HistoryEvent result, PartitionMessages.Token local) {}

  private long nextLocalRun;

  /** The calls its partition handed over while every slot was taken (a partition's worker). */
  private WaitingCalls waiting;

  /**
   * The partition's fence, which a call sent through the queue after waiting here passes; only a
   * partition's worker runs calls locally, so only it has one.
   */
  private final CommitFence fence;

  /**
   * @param follower whether this worker receives only when woken (a partition's): the engine's own
   *     worker polls for work items nobody announced (another engine's, a redelivery) and wakes the
   *     followers when it finds some, so an idle engine polls the work-item queue once
   * @param fence its partition's fence, for a follower; {@code null} for the engine's own worker
   */
  ActivityWorker(BatonImpl engine, boolean follower, CommitFence fence) {
    this.engine = engine;
    this.follower = follower;
    this.fence = fence;
  }

  @Override
  public Future<?> start() {
    queue = engine.store().workItemQueue();
    held = new HeldMessages<>(vertx, queue, engine.options().getVisibilityTimeout());
    held.start();
    executor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("baton-activity-", 0).factory());
    if (engine.options().isActivityCarriers() && VirtualThreads.schedulerChoosable()) {
      onCarriers =
          Executors.newThreadPerTaskExecutor(
              VirtualThreads.builder(ActivityCarriers.shared())
                  .name("baton-activity-", 0)
                  .factory());
    }
    http = new HttpActivity(vertx);
    if (fence != null) {
      waiting = new WaitingCalls(engine, context, queue, fence, this::runHere);
    }
    if (engine.options().isOrchestrationsOnEventLoop()) {
      java.util.concurrent.Executor loop = task -> context.runOnContext(v -> task.run());
      onEventLoop = VirtualThreads.builder(loop).name("baton-activity-loop-", 0).factory();
    }
    loop =
        new ReceiveLoop<>(
            ReceiveLoop.Timers.of(vertx),
            context,
            queue,
            "work-item queue",
            engine.options().getVisibilityTimeout(),
            engine.options().getMaxPollInterval(),
            () -> engine.takeActivitySlots(32),
            engine::releaseActivitySlots,
            this::accept);
    if (follower) {
      loop.receiveOnlyWhenWoken();
    } else {
      loop.onUnannounced(engine::wakePartitionWorkers);
    }
    loop.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    loop.stop();
    if (waiting != null) {
      waiting.stop();
    }
    executor.shutdownNow();
    if (onCarriers != null) {
      onCarriers.shutdownNow();
    }
    onEventLoopRunning.forEach(Thread::interrupt); // as shutdownNow interrupts the others
    held.stop();
    http.close();
    return held.giveBackAll(); // another worker runs them now, not after their visibility ends
  }

  /** From any thread: work was just sent, receive now. */
  void wakeFromAnyThread() {
    var l = loop;
    if (l != null) {
      l.wakeAfter(Duration.ZERO);
    }
  }

  /**
   * Runs work items its partition has just committed, without the work-item queue: as many as there
   * are free activity slots at once, then as many as may wait here for one; returns how many it
   * took, the first ones of {@code items} (the caller sends the rest through the queue). Each run
   * tells {@code token} once its result is stored, or could not be. Called on this worker's
   * context, which is its partition's.
   */
  int runLocally(List<ActivityWorkItem> items, PartitionMessages.Token token) {
    if (stopped) {
      return 0;
    }
    waiting.runOnFreeSlots(); // on slots other workers freed, before the calls behind them
    int taken = waiting.isEmpty() ? engine.takeActivitySlots(items.size()) : 0;
    java.time.Instant now = now();
    for (int i = 0; i < taken; i++) {
      token.started();
      runHere(items.get(i), token, now);
    }
    if (taken > 0) {
      engine.meters().ranLocally(taken);
    }
    return taken + waiting.add(items, taken, token);
  }

  /** Runs a call its partition made, on a slot this worker holds. */
  private void runHere(
      ActivityWorkItem item, PartitionMessages.Token token, java.time.Instant now) {
    String id = "run-" + nextLocalRun++;
    dispatch(new Delivery<>(id, id, 1, now, item), token);
  }

  private void accept(List<Delivery<ActivityWorkItem>> batch) {
    for (Delivery<ActivityWorkItem> d : batch) {
      if (held.hold(d)) {
        dispatch(d, null);
      } else {
        engine.releaseActivitySlots(1); // delivered again while it runs here: run once
      }
    }
  }

  private void dispatch(Delivery<ActivityWorkItem> d, PartitionMessages.Token local) {
    running++;
    ActivityWorkItem item = d.message();
    if (d.dequeueCount() > engine.options().getMaxDequeueCount()) {
      var error =
          new BatonException(
              ErrorCode.POISON_MESSAGE,
              "activity '"
                  + item.name()
                  + "' was delivered "
                  + d.dequeueCount()
                  + " times without a result (its worker crashed or timed out each time); it is"
                  + " failed instead of run again");
      done(d, new HistoryEvent.TaskFailed(now(), item.taskId(), FailureDetails.from(error)), local);
      return;
    }
    if (HttpActivity.NAME.equals(item.name())) {
      exchange(d, local);
      return;
    }
    Activity<?> activity = engine.registry().activity(item.name());
    if (activity == null) {
      engine.meters().activity(null).refused();
      done(
          d,
          new HistoryEvent.TaskFailed(
              now(), item.taskId(), FailureDetails.from(Registry.unknownActivity(item.name()))),
          local);
      return;
    }
    DataConverter converter = engine.converter();
    EngineMeters.ActivityMeters meters = engine.meters().activity(item.name());
    java.util.function.Supplier<HistoryEvent> run =
        () -> {
          HistoryEvent result;
          long start = meters.start();
          EngineTracing.Running span = engine.tracing().startActivity(item);
          try {
            Object value = activity.run(new Context(item, converter));
            result =
                new HistoryEvent.TaskCompleted(now(), item.taskId(), converter.serialize(value));
          } catch (Throwable t) {
            result = new HistoryEvent.TaskFailed(now(), item.taskId(), FailureDetails.from(t));
          }
          meters.ran(start, result instanceof HistoryEvent.TaskFailed);
          if (span != null) {
            span.end(result);
          }
          return result;
        };
    if (onEventLoop != null && engine.registry().onEventLoop(item.name())) {
      Thread t =
          onEventLoop.newThread(
              () -> {
                try {
                  done(d, run.get(), local);
                } finally {
                  onEventLoopRunning.remove(Thread.currentThread());
                }
              });
      onEventLoopRunning.add(t);
      t.start();
    } else {
      pooled(run, result -> done(d, result, local));
    }
  }

  /**
   * Runs {@code run} on a virtual thread of the default scheduler or of the carriers, then hands
   * its result to {@code then}; it counts as running until then, so the step its result lets an
   * orchestration call next finds the count as it was.
   */
  private void pooled(
      java.util.function.Supplier<HistoryEvent> run,
      java.util.function.Consumer<HistoryEvent> then) {
    if (onCarriers == null) {
      executor.execute(() -> then.accept(run.get()));
      return;
    }
    ActivityCarriers carriers = ActivityCarriers.shared();
    boolean few = carriers.activityStarts();
    Runnable counted =
        () -> {
          HistoryEvent result;
          try {
            result = run.get();
          } finally {
            carriers.activityEnds();
          }
          then.accept(result);
        };
    try {
      (few ? onCarriers : executor).execute(counted);
    } catch (RuntimeException rejected) { // stopped meanwhile: its work item goes back
      carriers.activityEnds();
      throw rejected;
    }
  }

  /**
   * The built-in HTTP activity: one non-blocking exchange on this context, no thread of its own.
   */
  private void exchange(Delivery<ActivityWorkItem> d, PartitionMessages.Token local) {
    ActivityWorkItem item = d.message();
    EngineMeters.ActivityMeters meters = engine.meters().activity(item.name());
    long start = meters.start();
    EngineTracing.Running span = engine.tracing().startActivity(item);
    http.exchange(item.input())
        .onComplete(
            ar -> {
              HistoryEvent result =
                  ar.succeeded()
                      ? new HistoryEvent.TaskCompleted(now(), item.taskId(), ar.result())
                      : new HistoryEvent.TaskFailed(
                          now(), item.taskId(), FailureDetails.from(ar.cause()));
              meters.ran(start, ar.failed());
              if (span != null) {
                span.end(result);
              }
              done(d, result, local);
            });
  }

  private java.time.Instant now() {
    return engine.clock().instant();
  }

  /**
   * From any thread: collects a result; the results collected until the flush runs on the context
   * are sent in one batch per partition, and a burst of them costs one task there.
   */
  private void done(
      Delivery<ActivityWorkItem> d, HistoryEvent result, PartitionMessages.Token local) {
    if (stopped) {
      return; // work items go back to the queue, tokens too: their calls are sent again
    }
    finished.add(new Finished(d, result, local));
    if (flushPending.compareAndSet(false, true)) {
      context.runOnContext(v -> flush());
    }
  }

  private void flush() {
    flushPending.set(false); // first: a result added after the drain below schedules a flush
    List<Finished> batch = new ArrayList<>();
    Finished next;
    while ((next = finished.poll()) != null) {
      batch.add(next);
    }
    if (batch.isEmpty()) {
      return;
    }
    List<Finished> remote = new ArrayList<>(batch.size());
    for (Finished f : batch) {
      boolean handed =
          engine.deliverLocally(
              result(f, false),
              () -> onContext(() -> stored(f)),
              // an episode that failed (or stopped) may have appended the result and not sent
              // what it called for: the result goes through the queue marked repeated, so its
              // partition finishes that commit if it finds the result in the history
              () -> context.runOnContext(v -> sendThrough(List.of(f), false, true)));
      if (!handed) {
        remote.add(f);
      }
    }
    int local = batch.size() - remote.size();
    if (local > 0) {
      engine.meters().handedOver(local);
      freeSlots(local);
    }
    sendThrough(remote, true, false);
  }

  /**
   * Runs {@code action} on this worker's context: at once when already there (its partition's
   * commit deleting the work item of a result it applied), else as a task of its own.
   */
  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  /** The result is stored: its work item goes, or its run lets its token go. */
  private void stored(Finished f) {
    if (f.local() != null) {
      f.local().finished();
    } else {
      held.delete(f.delivery().messageId());
    }
  }

  private static ControlMessage result(Finished f, boolean handedBack) {
    ActivityWorkItem item = f.delivery().message();
    // an activity run again may repeat a result whose commit stopped before its row and sends
    boolean repeated = handedBack || f.delivery().dequeueCount() > 1;
    return new ControlMessage(item.instanceId(), item.executionId(), f.result(), repeated);
  }

  /**
   * Sends results through the control queue (to a partition of another engine, or one that could
   * not take them locally), then deletes their work items; gives them back if the send failed.
   */
  private void sendThrough(List<Finished> results, boolean freeSlots, boolean handedBack) {
    if (results.isEmpty() || stopped) {
      return; // stopped: the work items went back to the queue; their activities run again
    }
    List<ControlMessage> messages = new ArrayList<>(results.size());
    for (Finished f : results) {
      messages.add(result(f, handedBack));
    }
    engine
        .sendControl(messages, Duration.ZERO)
        .onComplete(
            ar -> {
              for (Finished f : results) {
                if (ar.succeeded()) {
                  stored(f);
                } else if (f.local() != null) {
                  f.local().lost();
                } else {
                  held.giveBack(f.delivery().messageId(), Duration.ofSeconds(1));
                }
              }
              if (ar.failed()) {
                LOG.log(
                    System.Logger.Level.WARNING,
                    "sending activity results failed",
                    LogSafe.thrown(ar.cause()));
              }
              if (freeSlots) {
                freeSlots(results.size());
              }
            });
  }

  private void freeSlots(int n) {
    running -= n;
    int rest = n - (waiting == null ? 0 : waiting.run(n)); // calls waiting here come first
    if (rest > 0) {
      engine.releaseActivitySlots(rest); // then calls waiting at another partition's worker
      loop.roomFreed();
    }
  }

  private record Context(ActivityWorkItem item, DataConverter converter)
      implements ActivityContext {
    @Override
    public String name() {
      return item.name();
    }

    @Override
    public String instanceId() {
      return item.instanceId();
    }

    @Override
    public int taskId() {
      return item.taskId();
    }

    @Override
    public <T> T input(Class<T> type) {
      return converter.deserialize(item.input(), type);
    }
  }
}
