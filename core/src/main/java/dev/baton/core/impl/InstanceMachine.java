package dev.baton.core.impl;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The life cycle of one instance in its partition, as a pure, synchronous state machine: {@link
 * #on(Input)} takes what happened (messages arrived, history loaded, an episode produced, a commit
 * done or failed, the partition stopping) and answers the effects to carry out (load the history,
 * triage, run the episode, commit, delete or give back the messages, park the slot). The partition
 * carries the effects out on its context and feeds their outcomes back as inputs. Which input is
 * legal in which state, and where it leads, is declared once, in {@link InstanceLifecycle}; an
 * input no row allows is a bug and throws.
 *
 * <p>It holds the messages waiting for the instance (by id) and those kept back until its start
 * arrives. It imports nothing from Vert.x or storage, so every transition is tested on its own.
 */
final class InstanceMachine {

  /** Where the instance's life cycle stands; an episode's state carries its batch. */
  sealed interface State {
    /** The batch of the episode under way, or an empty list. */
    default List<String> batch() {
      return List.of();
    }
  }

  /** History not in memory (not read yet, or dropped after a failed episode). */
  record Unloaded() implements State {}

  /** History in memory and no episode under way. */
  record Ready() implements State {}

  /** The history of an orchestration is being read (or taken from the cache). */
  record Loading(List<String> batch) implements State {}

  /** The batch is sorted; what it asks besides its commit (re-sends, refusals) is being stored. */
  record Preparing(List<String> batch) implements State {}

  /** A rewind reads the history it cuts. */
  record Rewinding(List<String> batch) implements State {}

  /** The orchestrator or entity code runs the episode. */
  record Running(List<String> batch) implements State {}

  /** The episode's history, status row and messages are being stored. */
  record Committing(List<String> batch) implements State {}

  /** The partition stops while a commit is under way: it finishes, then nothing more. */
  record Draining(List<String> batch) implements State {}

  /** The partition stopped: every later outcome is ignored (its messages go back). */
  record Stopped() implements State {}

  /** What happened to the instance. */
  sealed interface Input {}

  /** New messages for the instance, by id, in arrival order. */
  record Arrived(List<String> messageIds) implements Input {}

  /** The history is in memory (read, found in the cache, or known to be empty). */
  record Loaded() implements Input {}

  /**
   * The batch is sorted and its side writes are stored.
   *
   * @param plan what the episode does
   * @param deferred messages kept back until the instance starts
   */
  record Prepared(Plan plan, List<String> deferred) implements Input {}

  /** The episode's events are ready to commit. */
  record Produced() implements Input {}

  /** Every effect of the episode is stored. */
  record Committed() implements Input {}

  /**
   * A load, a side write, the code or a commit failed.
   *
   * @param conflict whether another writer won (the messages come back at once)
   */
  record Failed(Throwable cause, boolean conflict) implements Input {}

  /** The partition stops. */
  record Stopping() implements Input {}

  /** What a sorted batch asks for. */
  enum Plan {
    /** Nothing new (duplicates, strays): its messages go. */
    NOTHING,
    /** Run the code over the accepted events (or terminate): then commit. */
    EXECUTE,
    /** Rewind a failed execution: read its history, cut it, then run. */
    REWIND
  }

  /** What the partition is to do. */
  sealed interface Effect {}

  /**
   * Load the orchestration's history.
   *
   * @param cached whether it is in memory already (no read)
   */
  record LoadHistory(List<String> batch, boolean cached) implements Effect {}

  /** Sort the batch against the history and store its side writes; answer {@link Prepared}. */
  record Triage(List<String> batch) implements Effect {}

  /** Read and cut the history of a failed execution; answer {@link Loaded}. */
  record LoadForRewind(List<String> batch) implements Effect {}

  /** Run the episode (orchestrator code, a terminate, or an entity's operations). */
  record RunEpisode(List<String> batch) implements Effect {}

  /** Append the episode's history, write the status row, send its messages. */
  record Commit(List<String> batch) implements Effect {}

  /** Every effect is stored: the messages go for good. */
  record DeleteMessages(List<String> batch) implements Effect {}

  /** The episode failed: the messages come back after {@code delay}. */
  record GiveBack(List<String> batch, Duration delay, Throwable cause) implements Effect {}

  /** Forget the cached execution (its code unwinds); the next episode replays. */
  record DropExecution() implements Effect {}

  /** The instance is idle: it may join the cache. */
  record Park() implements Effect {}

  /** How long a batch that failed for another reason than a conflict waits. */
  static final Duration RETRY_DELAY = Duration.ofSeconds(1);

  private final InstanceLifecycle lifecycle;
  private final int maxBatch;
  private final boolean keepLoaded;
  private final ArrayDeque<String> pending = new ArrayDeque<>();
  private final ArrayDeque<String> waitingForStart = new ArrayDeque<>();
  private State state = new Unloaded();

  /**
   * @param lifecycle the orchestration's or the entity's transitions
   * @param maxBatch the most messages one episode takes
   * @param keepLoaded whether an instance stays in memory between episodes (a cache)
   */
  InstanceMachine(InstanceLifecycle lifecycle, int maxBatch, boolean keepLoaded) {
    this.lifecycle = lifecycle;
    this.maxBatch = maxBatch;
    this.keepLoaded = keepLoaded;
  }

  State state() {
    return state;
  }

  boolean isEntity() {
    return lifecycle == InstanceLifecycle.ENTITY;
  }

  /** Whether the instance holds messages kept back until it starts (it must stay in memory). */
  boolean holdsWaiting() {
    return !waitingForStart.isEmpty();
  }

  /** Drops a message kept back for a start that never came; whether it was one of them. */
  boolean forgetWaiting(String messageId) {
    return waitingForStart.remove(messageId);
  }

  /** Takes {@code input}; answers the effects to carry out, in order. */
  List<Effect> on(Input input) {
    List<Effect> effects = new ArrayList<>(2);
    state = lifecycle.apply(this, state, input, effects);
    return effects;
  }

  // ---- the actions the table names -------------------------------------------------------

  /** New messages: the ones kept back go first; an idle instance starts an episode. */
  State arrive(Arrived a, List<Effect> effects) {
    while (!waitingForStart.isEmpty()) {
      pending.addFirst(waitingForStart.pollLast()); // older: before the new ones
    }
    pending.addAll(a.messageIds());
    return isIdle() ? next(effects) : state;
  }

  /** Starts the next episode, or parks the instance when nothing waits. */
  State next(List<Effect> effects) {
    if (pending.isEmpty()) {
      if (waitingForStart.isEmpty()) {
        effects.add(new Park());
      }
      return state;
    }
    if (isEntity()) {
      List<String> batch = take(maxBatch);
      effects.add(new RunEpisode(batch));
      return new Running(batch);
    }
    List<String> batch = take(Integer.MAX_VALUE);
    effects.add(new LoadHistory(batch, state instanceof Ready));
    return new Loading(batch);
  }

  private List<String> take(int max) {
    List<String> batch = new ArrayList<>(Math.min(max, pending.size()));
    while (batch.size() < max && !pending.isEmpty()) {
      batch.add(pending.poll());
    }
    return batch;
  }

  /** The sorted batch: messages kept back leave it; the plan says what comes next. */
  State prepared(Prepared p, List<Effect> effects) {
    List<String> batch = state.batch();
    if (!p.deferred().isEmpty()) {
      batch = new ArrayList<>(batch);
      batch.removeAll(p.deferred());
      waitingForStart.addAll(p.deferred());
    }
    return switch (p.plan()) {
      case NOTHING -> finished(batch, effects);
      case EXECUTE -> {
        effects.add(new RunEpisode(batch));
        yield new Running(batch);
      }
      case REWIND -> {
        effects.add(new LoadForRewind(batch));
        yield new Rewinding(batch);
      }
    };
  }

  /** The episode is stored: its messages go, the next one starts. */
  State finished(List<String> batch, List<Effect> effects) {
    effects.add(new DeleteMessages(batch));
    state = new Ready();
    if (!keepLoaded) {
      effects.add(new DropExecution());
      state = new Unloaded(); // the next episode replays from the store
    }
    return next(effects);
  }

  /** The episode failed: the cache goes, its messages come back, the next one starts. */
  State failed(Failed f, List<Effect> effects) {
    effects.add(new DropExecution());
    effects.add(new GiveBack(state.batch(), delay(f), f.cause()));
    state = new Unloaded();
    return next(effects);
  }

  static Duration delay(Failed f) {
    return f.conflict() ? Duration.ZERO : RETRY_DELAY;
  }

  private boolean isIdle() {
    return state instanceof Unloaded || state instanceof Ready;
  }

  /** For tests and logs: the messages waiting, in order. */
  Collection<String> pending() {
    return List.copyOf(pending);
  }
}
