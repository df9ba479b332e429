package dev.baton.core.impl;

import dev.baton.core.impl.InstanceMachine.Arrived;
import dev.baton.core.impl.InstanceMachine.Commit;
import dev.baton.core.impl.InstanceMachine.Committed;
import dev.baton.core.impl.InstanceMachine.Committing;
import dev.baton.core.impl.InstanceMachine.DeleteMessages;
import dev.baton.core.impl.InstanceMachine.Draining;
import dev.baton.core.impl.InstanceMachine.Failed;
import dev.baton.core.impl.InstanceMachine.GiveBack;
import dev.baton.core.impl.InstanceMachine.Input;
import dev.baton.core.impl.InstanceMachine.Loaded;
import dev.baton.core.impl.InstanceMachine.Loading;
import dev.baton.core.impl.InstanceMachine.Prepared;
import dev.baton.core.impl.InstanceMachine.Preparing;
import dev.baton.core.impl.InstanceMachine.Produced;
import dev.baton.core.impl.InstanceMachine.Ready;
import dev.baton.core.impl.InstanceMachine.Rewinding;
import dev.baton.core.impl.InstanceMachine.RunEpisode;
import dev.baton.core.impl.InstanceMachine.Running;
import dev.baton.core.impl.InstanceMachine.State;
import dev.baton.core.impl.InstanceMachine.Stopped;
import dev.baton.core.impl.InstanceMachine.Stopping;
import dev.baton.core.impl.InstanceMachine.Triage;
import dev.baton.core.impl.InstanceMachine.Unloaded;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The transition tables of an instance's life cycle, one per slot kind, declared in one place: each
 * row names a state, an input, the states it may lead to and the action that computes the effects.
 * An orchestration loads its history, sorts the batch, runs its code and commits; an entity's
 * episode runs and commits its operations in one step. An input with no row in the state is a bug:
 * {@link #apply} throws rather than guess.
 */
enum InstanceLifecycle {
  /** An orchestration instance. */
  ORCHESTRATION {
    @Override
    void declare(Table t) {
      idle(t);
      List<Class<? extends State>> busy =
          List.of(Loading.class, Preparing.class, Rewinding.class, Running.class, Committing.class);
      for (Class<? extends State> b : busy) {
        t.row(b, Arrived.class, Set.of(b), (m, s, i) -> m.arrive((Arrived) i));
        t.row(b, Failed.class, AFTER_EPISODE, (m, s, i) -> m.failed((Failed) i));
        if (b != Committing.class) {
          t.row(b, Stopping.class, Set.of(Stopped.class), (m, s, i) -> InstanceMachine.STOPPED);
        }
      }
      t.row(
          Committing.class,
          Stopping.class,
          Set.of(Draining.class),
          (m, s, i) -> new Draining(s.batch()));
      t.row(
          Loading.class,
          Loaded.class,
          Set.of(Preparing.class),
          (m, s, i) -> {
            m.emit(new Triage(s.batch()));
            return new Preparing(s.batch());
          });
      t.row(
          Preparing.class,
          Prepared.class,
          Set.of(Running.class, Rewinding.class, Ready.class, Unloaded.class, Loading.class),
          (m, s, i) -> m.prepared((Prepared) i));
      t.row(Rewinding.class, Loaded.class, Set.of(Running.class), (m, s, i) -> run(m, s));
      t.row(
          Running.class,
          Produced.class,
          Set.of(Committing.class),
          (m, s, i) -> {
            m.emit(new Commit(s.batch()));
            return new Committing(s.batch());
          });
      t.row(Committing.class, Committed.class, AFTER_EPISODE, (m, s, i) -> m.finished(s.batch()));
      draining(t);
      List<Class<? extends Input>> lateInputs =
          List.of(Loaded.class, Prepared.class, Produced.class, Failed.class);
      for (Class<? extends Input> late : lateInputs) {
        t.row(Stopped.class, late, Set.of(Stopped.class), (m, s, i) -> s);
      }
    }
  },

  /** An entity: its operations run and commit in one step. */
  ENTITY {
    @Override
    void declare(Table t) {
      idle(t);
      t.row(
          Running.class, Arrived.class, Set.of(Running.class), (m, s, i) -> m.arrive((Arrived) i));
      t.row(Running.class, Committed.class, AFTER_EPISODE, (m, s, i) -> m.finished(s.batch()));
      t.row(Running.class, Failed.class, AFTER_EPISODE, (m, s, i) -> m.failed((Failed) i));
      // an episode under way when the partition stops finishes like an orchestration's commit
      t.row(
          Running.class,
          Stopping.class,
          Set.of(Draining.class),
          (m, s, i) -> new Draining(s.batch()));
      draining(t);
      List<Class<? extends Input>> lateInputs = List.of(Committed.class, Failed.class);
      for (Class<? extends Input> late : lateInputs) {
        t.row(Stopped.class, late, Set.of(Stopped.class), (m, s, i) -> s);
      }
    }
  };

  /** Where an episode's end leads: idle, or the next episode already under way. */
  static final Set<Class<? extends State>> AFTER_EPISODE =
      Set.of(Ready.class, Unloaded.class, Loading.class, Running.class);

  static {
    for (InstanceLifecycle lifecycle : values()) {
      lifecycle.declare(lifecycle.table); // once, before any instance takes an input
    }
  }

  /** Computes a transition's target state, handing its effects to {@link InstanceMachine#emit}. */
  @FunctionalInterface
  interface Action {
    State apply(InstanceMachine m, State s, Input i);
  }

  /** One row: in {@code from}, on {@code on}, {@code action} leads to one of {@code to}. */
  record Row(
      Class<? extends State> from,
      Class<? extends Input> on,
      Set<Class<? extends State>> to,
      Action action) {}

  /** The rows of one table, by state and then input (looked up without allocating). */
  static final class Table {
    private final Map<Class<?>, Map<Class<?>, Row>> rows = new IdentityHashMap<>();
    private final List<Row> declared = new ArrayList<>();

    void row(
        Class<? extends State> from,
        Class<? extends Input> on,
        Set<Class<? extends State>> to,
        Action action) {
      Row row = new Row(from, on, to, action);
      if (rows.computeIfAbsent(from, f -> new IdentityHashMap<>()).put(on, row) != null) {
        throw new IllegalStateException("two rows for " + from.getSimpleName() + " on " + on);
      }
      declared.add(row);
    }

    Row get(Class<?> from, Class<?> on) {
      Map<Class<?>, Row> byInput = rows.get(from);
      return byInput == null ? null : byInput.get(on);
    }
  }

  private final Table table = new Table();

  InstanceLifecycle() {}

  abstract void declare(Table t);

  /** The rows, in declaration order. */
  List<Row> rows() {
    return List.copyOf(table.declared);
  }

  /** Carries out the row for {@code input} in {@code state}; returns the next state. */
  State apply(InstanceMachine m, State state, Input input) {
    Row row = table.get(state.getClass(), input.getClass());
    if (row == null) {
      throw new IllegalStateException(
          "no transition of "
              + name().toLowerCase(Locale.ROOT)
              + " from "
              + state.getClass().getSimpleName()
              + " on "
              + input.getClass().getSimpleName());
    }
    State next = row.action().apply(m, state, input);
    if (!row.to().contains(next.getClass())) {
      throw new IllegalStateException(
          "transition from "
              + state.getClass().getSimpleName()
              + " on "
              + input.getClass().getSimpleName()
              + " led to "
              + next.getClass().getSimpleName()
              + ", which its row does not allow");
    }
    return next;
  }

  /** Idle states: new messages start an episode; a stop ends the instance's life here. */
  private static void idle(Table t) {
    List<Class<? extends State>> idleStates = List.of(Unloaded.class, Ready.class);
    for (Class<? extends State> idle : idleStates) {
      t.row(
          idle,
          Arrived.class,
          Set.of(Unloaded.class, Ready.class, Loading.class, Running.class),
          (m, s, i) -> m.arrive((Arrived) i));
      t.row(idle, Stopping.class, Set.of(Stopped.class), (m, s, i) -> InstanceMachine.STOPPED);
    }
  }

  /** A commit under way when the partition stopped: it finishes, its messages go or come back. */
  private static void draining(Table t) {
    t.row(
        Draining.class,
        Committed.class,
        Set.of(Stopped.class),
        (m, s, i) -> {
          m.emit(new DeleteMessages(s.batch()));
          return InstanceMachine.STOPPED;
        });
    t.row(
        Draining.class,
        Failed.class,
        Set.of(Stopped.class),
        (m, s, i) -> {
          m.emit(new GiveBack(s.batch(), InstanceMachine.delay((Failed) i), ((Failed) i).cause()));
          return InstanceMachine.STOPPED;
        });
  }

  private static State run(InstanceMachine m, State s) {
    m.emit(new RunEpisode(s.batch()));
    return new Running(s.batch());
  }
}
