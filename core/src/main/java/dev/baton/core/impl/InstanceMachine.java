package dev.baton.core.impl;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The life cycle of one instance in its partition, as a pure, synchronous state machine: {@link
 * #on} takes what happened (messages arrived, history loaded, an episode produced, a commit done or
 * failed, the partition stopping) and answers the effects to carry out (load the history, triage,
 * run the episode, commit, delete or give back the messages, park the slot). The partition carries
 * the effects out on its context and feeds their outcomes back as inputs. Which input is legal in
 * which state, and where it leads, is declared once, in {@link InstanceLifecycle}; an input no row
 * allows is a bug and throws.
 *
 * <p>An effect whose outcome may be known at once (a cached load, a store that answers
 * synchronously) is always the last of its transition, and the state has moved before any effect is
 * carried out, so the partition feeds such an outcome straight back without queueing it. The
 * effects of one input pass through a small buffer that the machine reuses, so taking an input
 * allocates nothing but the effects themselves.
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

  static final Unloaded UNLOADED = new Unloaded();
  static final Ready READY = new Ready();
  static final Stopped STOPPED = new Stopped();

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
  record Prepared(Plan plan, List<String> deferred) implements Input {
    private static final Prepared[] PLAIN = {
      new Prepared(Plan.NOTHING, List.of()),
      new Prepared(Plan.EXECUTE, List.of()),
      new Prepared(Plan.REWIND, List.of())
    };

    /** The input for {@code plan}; a shared one when nothing is kept back. */
    static Prepared of(Plan plan, List<String> deferred) {
      return deferred.isEmpty() ? PLAIN[plan.ordinal()] : new Prepared(plan, deferred);
    }
  }

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

  static final Loaded LOADED = new Loaded();
  static final Produced PRODUCED = new Produced();
  static final Committed COMMITTED = new Committed();
  static final Stopping STOPPING = new Stopping();

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
  sealed interface Effect {
    /** Whether its outcome is fed back as an input (possibly at once): it comes last. */
    default boolean answers() {
      return false;
    }
  }

  /**
   * Load the orchestration's history; answer {@link Loaded}.
   *
   * @param cached whether it is in memory already (no read)
   */
  record LoadHistory(List<String> batch, boolean cached) implements Effect {
    @Override
    public boolean answers() {
      return true;
    }
  }

  /** Sort the batch against the history and store its side writes; answer {@link Prepared}. */
  record Triage(List<String> batch) implements Effect {
    @Override
    public boolean answers() {
      return true;
    }
  }

  /** Read and cut the history of a failed execution; answer {@link Loaded}. */
  record LoadForRewind(List<String> batch) implements Effect {
    @Override
    public boolean answers() {
      return true;
    }
  }

  /**
   * Run the episode (orchestrator code, a terminate, or an entity's operations); answer {@link
   * Produced} (an entity, which commits as it runs: {@link Committed}).
   */
  record RunEpisode(List<String> batch) implements Effect {
    @Override
    public boolean answers() {
      return true;
    }
  }

  /**
   * Append the episode's history, write the status row, send its messages; answer {@link
   * Committed}.
   */
  record Commit(List<String> batch) implements Effect {
    @Override
    public boolean answers() {
      return true;
    }
  }

  /** Every effect is stored: the messages go for good. */
  record DeleteMessages(List<String> batch) implements Effect {}

  /** The episode failed: the messages come back after {@code delay}. */
  record GiveBack(List<String> batch, Duration delay, Throwable cause) implements Effect {}

  /** Forget the cached execution (its code unwinds); the next episode replays. */
  record DropExecution() implements Effect {}

  /** The instance is idle: it may join the cache. */
  record Park() implements Effect {}

  static final DropExecution DROP_EXECUTION = new DropExecution();
  static final Park PARK = new Park();

  /** Carries out the effects of one input, in order, for the instance {@code owner}. */
  @FunctionalInterface
  interface Effects<O> {
    void carryOut(O owner, Effect effect);
  }

  /** How long a batch that failed for another reason than a conflict waits. */
  static final Duration RETRY_DELAY = Duration.ofSeconds(1);

  /** The most effects one transition answers. */
  private static final int MAX_EFFECTS = 4;

  private final InstanceLifecycle lifecycle;
  private final int maxBatch;
  private final boolean keepLoaded;
  private final ArrayDeque<String> pending = new ArrayDeque<>();
  private final ArrayDeque<String> waitingForStart = new ArrayDeque<>();
  private State state = UNLOADED;
  private final Effect[] effects = new Effect[MAX_EFFECTS];
  private int effectCount;

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

  /**
   * Takes {@code input}: moves to the next state, then hands its effects, in order, to {@code
   * carryOut}. A {@code carryOut} that learns an outcome at once may feed it straight back: the
   * state has moved, and the effect that answers is the last.
   *
   * @throws IllegalStateException when no row allows {@code input} in this state (nothing changes)
   */
  <O> void on(Input input, O owner, Effects<O> carryOut) {
    effectCount = 0;
    State next;
    try {
      next = lifecycle.apply(this, state, input);
    } catch (RuntimeException e) {
      clearEffects(effectCount);
      throw e;
    }
    state = next;
    int n = effectCount;
    Effect a = effects[0];
    Effect b = effects[1];
    Effect c = effects[2];
    Effect d = effects[3];
    clearEffects(n); // the buffer is free again before any effect runs (it may feed back)
    if (n > 0) {
      carryOut.carryOut(owner, a);
    }
    if (n > 1) {
      carryOut.carryOut(owner, b);
    }
    if (n > 2) {
      carryOut.carryOut(owner, c);
    }
    if (n > 3) {
      carryOut.carryOut(owner, d);
    }
  }

  /** Takes {@code input}; answers its effects in order (for tests). */
  List<Effect> on(Input input) {
    List<Effect> out = new ArrayList<>(2);
    on(input, out, List::add);
    return out;
  }

  private void clearEffects(int n) {
    for (int i = 0; i < n; i++) {
      effects[i] = null;
    }
    effectCount = 0;
  }

  /** Adds an effect of the transition under way. */
  void emit(Effect effect) {
    if (effectCount == MAX_EFFECTS) {
      throw new IllegalStateException("more than " + MAX_EFFECTS + " effects in one transition");
    }
    if (effectCount > 0 && effects[effectCount - 1].answers()) {
      throw new IllegalStateException(
          effect.getClass().getSimpleName()
              + " after "
              + effects[effectCount - 1].getClass().getSimpleName()
              + ", whose outcome may come back at once: the answering effect must be last");
    }
    effects[effectCount++] = effect;
  }

  // ---- the actions the table names -------------------------------------------------------

  /** New messages: the ones kept back go first; an idle instance starts an episode. */
  State arrive(Arrived a) {
    while (!waitingForStart.isEmpty()) {
      pending.addFirst(waitingForStart.pollLast()); // older: before the new ones
    }
    pending.addAll(a.messageIds());
    return isIdle() ? next(state) : state;
  }

  /** Starts the next episode from {@code idle}, or parks the instance when nothing waits. */
  private State next(State idle) {
    if (pending.isEmpty()) {
      if (waitingForStart.isEmpty()) {
        emit(PARK);
      }
      return idle;
    }
    if (isEntity()) {
      List<String> batch = take(maxBatch);
      emit(new RunEpisode(batch));
      return new Running(batch);
    }
    List<String> batch = take(Integer.MAX_VALUE);
    emit(new LoadHistory(batch, idle instanceof Ready));
    return new Loading(batch);
  }

  private List<String> take(int max) {
    if (pending.size() == 1) {
      return List.of(pending.poll());
    }
    List<String> batch = new ArrayList<>(Math.min(max, pending.size()));
    while (batch.size() < max && !pending.isEmpty()) {
      batch.add(pending.poll());
    }
    return batch;
  }

  /** The sorted batch: messages kept back leave it; the plan says what comes next. */
  State prepared(Prepared p) {
    List<String> batch = state.batch();
    if (!p.deferred().isEmpty()) {
      batch = new ArrayList<>(batch);
      batch.removeAll(p.deferred());
      waitingForStart.addAll(p.deferred());
    }
    return switch (p.plan()) {
      case NOTHING -> finished(batch);
      case EXECUTE -> {
        emit(new RunEpisode(batch));
        yield new Running(batch);
      }
      case REWIND -> {
        emit(new LoadForRewind(batch));
        yield new Rewinding(batch);
      }
    };
  }

  /** The episode is stored: its messages go, the next one starts. */
  State finished(List<String> batch) {
    emit(new DeleteMessages(batch));
    if (!keepLoaded) {
      emit(DROP_EXECUTION);
      return next(UNLOADED); // the next episode replays from the store
    }
    return next(READY);
  }

  /** The episode failed: the cache goes, its messages come back, the next one starts. */
  State failed(Failed f) {
    emit(DROP_EXECUTION);
    emit(new GiveBack(state.batch(), delay(f), f.cause()));
    return next(UNLOADED);
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
