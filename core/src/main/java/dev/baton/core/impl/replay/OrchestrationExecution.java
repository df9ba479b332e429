package dev.baton.core.impl.replay;

import dev.baton.core.BatonException;
import dev.baton.core.DataConverter;
import dev.baton.core.ErrorCode;
import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.orchestration.Orchestrator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One live execution of an orchestrator: its code runs on its own virtual thread and stays parked
 * in {@code await()} between episodes, so a cached instance applies a new event without re-running
 * its code from the beginning. After a cold load the same object replays the past history first;
 * both paths reach the same state.
 *
 * <p>This is the engine's pure core: history in, new events and status out. It uses no Vert.x, no
 * store and no clock (time comes from {@code OrchestratorStarted} events).
 *
 * <p>Driving protocol: the owner calls {@link #process} and must not call it again until the
 * callback has run; the callback runs on the execution's thread just before it parks, so it must
 * only hand the result over (e.g. {@code context.runOnContext}).
 */
public final class OrchestrationExecution {

  private record Batch(
      List<HistoryEvent> replay, List<HistoryEvent> fresh, Consumer<EpisodeResult> done) {}

  private static final Batch ABORT = new Batch(List.of(), List.of(), r -> {});

  private final String instanceId;
  private final Orchestrator<?> orchestrator;
  private final DataConverter converter;
  private final ExecutionContext ctx;
  private final java.util.concurrent.Executor scheduler;
  private volatile Thread thread;
  private volatile Batch next;
  private Consumer<EpisodeResult> done;
  private volatile boolean finished;
  private final StepWatch watch;
  private StepWatch.Watched watched;

  public OrchestrationExecution(
      String instanceId, Orchestrator<?> orchestrator, DataConverter converter) {
    this(instanceId, orchestrator, converter, null);
  }

  /**
   * An execution whose code runs on {@code scheduler} (e.g. its partition's event loop) when the
   * JVM allows it; see {@link VirtualThreads}.
   */
  public OrchestrationExecution(
      String instanceId,
      Orchestrator<?> orchestrator,
      DataConverter converter,
      java.util.concurrent.Executor scheduler) {
    this(instanceId, orchestrator, converter, scheduler, StepWatch.NONE);
  }

  /** As above; {@code watch} is told when the code runs and when it parks. */
  public OrchestrationExecution(
      String instanceId,
      Orchestrator<?> orchestrator,
      DataConverter converter,
      java.util.concurrent.Executor scheduler,
      StepWatch watch) {
    this.scheduler = scheduler;
    this.watch = Objects.requireNonNull(watch, "watch");
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
    this.converter = Objects.requireNonNull(converter, "converter");
    this.ctx = new ExecutionContext(this, instanceId, converter);
  }

  /**
   * Applies a batch: first {@code replay} (past history, only on the first call after a cold load),
   * then {@code fresh} (this episode's new events, starting with {@code OrchestratorStarted}).
   * {@code done} receives the episode's result once the code has consumed every event and is
   * waiting or has finished.
   *
   * @throws IllegalStateException when the execution has already finished
   */
  public void process(
      List<HistoryEvent> replay, List<HistoryEvent> fresh, Consumer<EpisodeResult> done) {
    if (finished) {
      throw new IllegalStateException("execution of " + instanceId + " has finished");
    }
    next = new Batch(List.copyOf(replay), List.copyOf(fresh), done);
    if (thread == null) {
      thread =
          VirtualThreads.builder(scheduler)
              .name("baton-orchestration-" + instanceId)
              .unstarted(this::main);
      thread.start();
    } else {
      LockSupport.unpark(thread);
    }
  }

  /** Runs one batch and waits for its result: for tests and tools, never on an event loop. */
  public EpisodeResult processAndWait(List<HistoryEvent> replay, List<HistoryEvent> fresh) {
    var result = new CompletableFuture<EpisodeResult>();
    process(replay, fresh, result::complete);
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + instanceId, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Whether the code has returned or failed. */
  public boolean isFinished() {
    return finished;
  }

  /**
   * Drops the execution: its parked code unwinds and its thread ends. Call only between episodes
   * (after a callback, before the next {@link #process}).
   */
  public void abort() {
    if (thread == null || finished) {
      finished = true;
      return;
    }
    finished = true;
    next = ABORT;
    LockSupport.unpark(thread);
  }

  // ---- on the execution's thread -----------------------------------------------------------

  void checkCaller() {
    if (Thread.currentThread() != thread) {
      throw new BatonException(
          ErrorCode.ILLEGAL_ORCHESTRATION_CALL,
          "the context of orchestration '"
              + instanceId
              + "' was used from another thread; use it only from the orchestrator's own code"
              + " (no threads, executors or async callbacks)");
    }
    if (next == ABORT) {
      throw ExecutionAbort.INSTANCE;
    }
    Error signal = ctx.signal();
    if (signal != null) {
      throw signal; // raised before and caught by user code: it still unwinds
    }
  }

  void yieldEpisode() {
    Consumer<EpisodeResult> callback = done;
    callback.accept(ctx.endEpisode(RuntimeStatus.RUNNING, null, null));
    takeBatch();
  }

  private void takeBatch() {
    Batch b = next;
    if (b == null) {
      watched.parked();
      while ((b = next) == null) {
        LockSupport.park(this);
      }
      watched.resumed();
    }
    if (b == ABORT) {
      throw ExecutionAbort.INSTANCE;
    }
    next = null;
    done = b.done();
    ctx.beginBatch(b.replay(), b.fresh());
  }

  private void main() {
    watched = watch.watch(instanceId);
    try {
      run();
    } finally {
      watched.end();
    }
  }

  private void run() {
    EpisodeResult result;
    try {
      takeBatch();
      ctx.consumeUntilStarted();
      Object output = null;
      Throwable thrown = null;
      try {
        output = orchestrator.run(ctx);
      } catch (Throwable t) {
        thrown = t;
      }
      result = outcome(output, thrown);
    } catch (ExecutionAbort abort) {
      return;
    } catch (NonDeterminismSignal nd) {
      result = nonDeterministic(nd);
    } catch (Throwable t) { // e.g. an output the converter cannot serialize
      result =
          next == ABORT ? null : ctx.endEpisode(RuntimeStatus.FAILED, null, FailureDetails.from(t));
    }
    if (result == null) {
      return; // aborted
    }
    finished = true;
    done.accept(result);
  }

  /**
   * How the code ended. A control-flow signal decides it even when user code caught it and returned
   * or threw something else: an abort ends the thread silently, a non-determinism fails the
   * instance with {@code BATON-101}, a continue-as-new continues it.
   */
  private EpisodeResult outcome(Object output, Throwable thrown) {
    if (next == ABORT || thrown instanceof ExecutionAbort) {
      return null;
    }
    Error signal = ctx.signal();
    if (signal instanceof NonDeterminismSignal nd) {
      return nonDeterministic(nd);
    }
    if (signal instanceof ContinueAsNewSignal) {
      ctx.verifyPastActionsMatched();
      return ctx.endEpisode(RuntimeStatus.CONTINUED_AS_NEW, ctx.continuedInput(), null);
    }
    if (thrown != null) {
      return ctx.endEpisode(RuntimeStatus.FAILED, null, FailureDetails.from(thrown));
    }
    ctx.verifyPastActionsMatched();
    return ctx.endEpisode(RuntimeStatus.COMPLETED, converter.serialize(output), null);
  }

  private EpisodeResult nonDeterministic(NonDeterminismSignal nd) {
    var error = new BatonException(ErrorCode.NON_DETERMINISTIC, nd.getMessage());
    return ctx.endEpisode(
        RuntimeStatus.FAILED,
        null,
        new FailureDetails(BatonException.class.getName(), error.getMessage(), "", null));
  }
}
