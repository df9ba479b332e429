package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.impl.InstanceMachine.Arrived;
import dev.baton.core.impl.InstanceMachine.Commit;
import dev.baton.core.impl.InstanceMachine.Committed;
import dev.baton.core.impl.InstanceMachine.Committing;
import dev.baton.core.impl.InstanceMachine.DeleteMessages;
import dev.baton.core.impl.InstanceMachine.Draining;
import dev.baton.core.impl.InstanceMachine.DropExecution;
import dev.baton.core.impl.InstanceMachine.Effect;
import dev.baton.core.impl.InstanceMachine.Failed;
import dev.baton.core.impl.InstanceMachine.GiveBack;
import dev.baton.core.impl.InstanceMachine.Input;
import dev.baton.core.impl.InstanceMachine.LoadForRewind;
import dev.baton.core.impl.InstanceMachine.LoadHistory;
import dev.baton.core.impl.InstanceMachine.Loaded;
import dev.baton.core.impl.InstanceMachine.Park;
import dev.baton.core.impl.InstanceMachine.Plan;
import dev.baton.core.impl.InstanceMachine.Prepared;
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
import dev.baton.core.spi.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Drives an instance's life cycle without Vert.x or a store: every row of both transition tables is
 * taken at least once (the tests fail naming any row never visited), and each transition answers
 * the effects the partition must carry out.
 */
class InstanceMachineTest {

  private static final Throwable CONFLICT =
      new StoreException(StoreException.Reason.CONFLICT, "etag changed");
  private static final Throwable BROKEN = new IllegalStateException("store down");

  /** A machine that records which rows of its table it took. */
  private static final class Driven {
    final InstanceMachine machine;
    final Set<String> visited;

    Driven(InstanceLifecycle lifecycle, int maxBatch, boolean keepLoaded, Set<String> visited) {
      this.machine = new InstanceMachine(lifecycle, maxBatch, keepLoaded);
      this.visited = visited;
    }

    List<Effect> on(Input input) {
      visited.add(key(machine.state().getClass(), input.getClass()));
      return machine.on(input);
    }

    State state() {
      return machine.state();
    }
  }

  private static String key(Class<?> state, Class<?> input) {
    return state.getSimpleName() + " on " + input.getSimpleName();
  }

  private static Arrived arrived(String... ids) {
    return new Arrived(List.of(ids));
  }

  private static void assertAllRowsVisited(InstanceLifecycle lifecycle, Set<String> visited) {
    Set<String> missing = new TreeSet<>();
    for (InstanceLifecycle.Row row : lifecycle.rows()) {
      String k = key(row.from(), row.on());
      if (!visited.contains(k)) {
        missing.add(k);
      }
    }
    assertTrue(missing.isEmpty(), lifecycle + " rows never visited: " + missing);
  }

  @Test
  void orchestrationLoadsSortsRunsAndCommitsOneEpisodeAtATime() {
    orchestrationLoadsSortsRunsAndCommitsOneEpisodeAtATimeInto(new HashSet<>());
  }

  private static void orchestrationLoadsSortsRunsAndCommitsOneEpisodeAtATimeInto(
      Set<String> visited) {
    var d = new Driven(InstanceLifecycle.ORCHESTRATION, Integer.MAX_VALUE, true, visited);

    assertEquals(List.of(new LoadHistory(List.of("a"), false)), d.on(arrived("a")));
    assertEquals(List.of(), d.on(arrived("b"))); // waits for the episode under way
    assertEquals(List.of(new Triage(List.of("a"))), d.on(new Loaded()));
    assertEquals(List.of(), d.on(arrived("c")));
    assertEquals(
        List.of(new RunEpisode(List.of("a"))), d.on(new Prepared(Plan.EXECUTE, List.of())));
    assertEquals(List.of(), d.on(arrived("d")));
    assertEquals(List.of(new Commit(List.of("a"))), d.on(new Produced()));
    assertEquals(List.of(), d.on(arrived("e")));
    assertEquals(new Committing(List.of("a")), d.state());
    // committed: its messages go, and the next episode takes all that waited, from the cache
    assertEquals(
        List.of(
            new DeleteMessages(List.of("a")), new LoadHistory(List.of("b", "c", "d", "e"), true)),
        d.on(new Committed()));
    // a conflict on the load: the cache goes, the messages come back at once, the slot parks
    List<Effect> failed = d.on(new Failed(CONFLICT, true));
    assertEquals(
        List.of(
            new DropExecution(),
            new GiveBack(List.of("b", "c", "d", "e"), Duration.ZERO, CONFLICT),
            new Park()),
        failed);
    assertEquals(new Unloaded(), d.state());

    // nothing new in a batch: its messages go, the instance is ready and parks
    d.on(arrived("f"));
    d.on(new Loaded());
    assertEquals(
        List.of(new DeleteMessages(List.of("f")), new Park()),
        d.on(new Prepared(Plan.NOTHING, List.of())));
    assertEquals(new Ready(), d.state());
    assertEquals(List.of(new LoadHistory(List.of("g"), true)), d.on(arrived("g")));
    d.on(new Loaded());
    d.on(new Prepared(Plan.EXECUTE, List.of()));
    d.on(new Produced());
    assertEquals(List.of(new DeleteMessages(List.of("g")), new Park()), d.on(new Committed()));
  }

  @Test
  void failuresGiveTheBatchBackAndTheNextEpisodeReloads() {
    failuresGiveTheBatchBackAndTheNextEpisodeReloadsInto(new HashSet<>());
  }

  private static void failuresGiveTheBatchBackAndTheNextEpisodeReloadsInto(Set<String> visited) {
    var d = new Driven(InstanceLifecycle.ORCHESTRATION, Integer.MAX_VALUE, true, visited);
    d.on(arrived("a"));
    d.on(new Loaded());
    d.on(arrived("b"));
    // a side write failed: the batch comes back after the retry delay, the next one loads anew
    assertEquals(
        List.of(
            new DropExecution(),
            new GiveBack(List.of("a"), InstanceMachine.RETRY_DELAY, BROKEN),
            new LoadHistory(List.of("b"), false)),
        d.on(new Failed(BROKEN, false)));
    d.on(new Loaded());
    assertEquals(
        List.of(new LoadForRewind(List.of("b"))), d.on(new Prepared(Plan.REWIND, List.of())));
    assertEquals(List.of(), d.on(arrived("c")));
    assertEquals(List.of(new RunEpisode(List.of("b"))), d.on(new Loaded()));
    assertInstanceOf(Running.class, d.state());
    // the code failed: the next episode starts from the store
    List<Effect> afterRun = d.on(new Failed(BROKEN, false));
    assertEquals(new LoadHistory(List.of("c"), false), afterRun.getLast());
    d.on(new Loaded());
    d.on(new Prepared(Plan.REWIND, List.of()));
    assertInstanceOf(Rewinding.class, d.state());
    assertEquals(
        List.of(
            new DropExecution(),
            new GiveBack(List.of("c"), InstanceMachine.RETRY_DELAY, BROKEN),
            new Park()),
        d.on(new Failed(BROKEN, false)));
    d.on(arrived("d"));
    d.on(new Loaded());
    d.on(new Prepared(Plan.EXECUTE, List.of()));
    d.on(new Produced());
    assertEquals(
        List.of(
            new DropExecution(), new GiveBack(List.of("d"), Duration.ZERO, CONFLICT), new Park()),
        d.on(new Failed(CONFLICT, true)));
    assertEquals(new Unloaded(), d.state());
  }

  @Test
  void messagesBeforeTheStartWaitAndGoFirstWithTheNextArrival() {
    messagesBeforeTheStartWaitAndGoFirstWithTheNextArrivalInto(new HashSet<>());
  }

  private static void messagesBeforeTheStartWaitAndGoFirstWithTheNextArrivalInto(
      Set<String> visited) {
    var d = new Driven(InstanceLifecycle.ORCHESTRATION, Integer.MAX_VALUE, true, visited);
    d.on(arrived("raise1", "raise2", "other"));
    d.on(new Loaded());
    // two events raised before the start are kept back: no park, the slot holds them
    assertEquals(
        List.of(new DeleteMessages(List.of("other"))),
        d.on(new Prepared(Plan.NOTHING, List.of("raise1", "raise2"))));
    assertTrue(d.machine.holdsWaiting());
    assertTrue(d.machine.forgetWaiting("raise2")); // it reached its dequeue limit
    assertFalse(d.machine.forgetWaiting("raise2"));
    assertEquals(
        List.of(new LoadHistory(List.of("raise1", "start"), true)), d.on(arrived("start")));
    assertFalse(d.machine.holdsWaiting());
  }

  @Test
  void withoutACacheEveryEpisodeReplaysFromTheStore() {
    var d = new Driven(InstanceLifecycle.ORCHESTRATION, Integer.MAX_VALUE, false, new HashSet<>());
    d.on(arrived("a"));
    d.on(new Loaded());
    d.on(new Prepared(Plan.EXECUTE, List.of()));
    d.on(new Produced());
    assertEquals(
        List.of(new DeleteMessages(List.of("a")), new DropExecution(), new Park()),
        d.on(new Committed()));
    assertEquals(new Unloaded(), d.state());
    assertEquals(List.of(new LoadHistory(List.of("b"), false)), d.on(arrived("b")));
  }

  @Test
  void aStopEndsEveryStateAndLetsACommitUnderWayFinish() {
    aStopEndsEveryStateAndLetsACommitUnderWayFinishInto(new HashSet<>());
  }

  private static void aStopEndsEveryStateAndLetsACommitUnderWayFinishInto(Set<String> visited) {
    // idle, unloaded and ready
    var unloaded = new Driven(InstanceLifecycle.ORCHESTRATION, 10, true, visited);
    assertEquals(List.of(), unloaded.on(new Stopping()));
    assertEquals(new Stopped(), unloaded.state());
    var ready = new Driven(InstanceLifecycle.ORCHESTRATION, 10, true, visited);
    ready.on(arrived("a"));
    ready.on(new Loaded());
    ready.on(new Prepared(Plan.NOTHING, List.of()));
    assertEquals(List.of(), ready.on(new Stopping()));

    // each busy state stops; the outcome that arrives later is ignored
    List<Input> toReach = List.of(new Loaded(), new Prepared(Plan.REWIND, List.of()));
    Input[] late = {new Loaded(), new Prepared(Plan.EXECUTE, List.of()), new Loaded(), null};
    for (int steps = 0; steps <= 2; steps++) {
      var d = new Driven(InstanceLifecycle.ORCHESTRATION, 10, true, visited);
      d.on(arrived("a"));
      toReach.subList(0, steps).forEach(d::on);
      assertEquals(List.of(), d.on(new Stopping()));
      assertEquals(new Stopped(), d.state());
      assertEquals(List.of(), d.on(late[steps]));
      assertEquals(List.of(), d.on(new Failed(BROKEN, false)));
    }
    var running = new Driven(InstanceLifecycle.ORCHESTRATION, 10, true, visited);
    running.on(arrived("a"));
    running.on(new Loaded());
    running.on(new Prepared(Plan.EXECUTE, List.of()));
    running.on(new Stopping());
    assertEquals(List.of(), running.on(new Produced()));
    assertEquals(new Stopped(), running.state());

    // a commit under way drains: stored, its messages go; failed, they come back
    for (boolean stored : new boolean[] {true, false}) {
      var d = new Driven(InstanceLifecycle.ORCHESTRATION, 10, true, visited);
      d.on(arrived("a"));
      d.on(new Loaded());
      d.on(new Prepared(Plan.EXECUTE, List.of()));
      d.on(new Produced());
      d.on(arrived("b"));
      assertEquals(List.of(), d.on(new Stopping()));
      assertEquals(new Draining(List.of("a")), d.state());
      Effect only =
          stored
              ? new DeleteMessages(List.of("a"))
              : new GiveBack(List.of("a"), InstanceMachine.RETRY_DELAY, BROKEN);
      assertEquals(List.of(only), d.on(stored ? new Committed() : new Failed(BROKEN, false)));
      assertEquals(new Stopped(), d.state()); // "b" is not run: it goes back with the partition
    }
  }

  @Test
  void everyOrchestrationRowIsVisited() {
    Set<String> visited = new HashSet<>();
    orchestrationLoadsSortsRunsAndCommitsOneEpisodeAtATimeInto(visited);
    failuresGiveTheBatchBackAndTheNextEpisodeReloadsInto(visited);
    messagesBeforeTheStartWaitAndGoFirstWithTheNextArrivalInto(visited);
    aStopEndsEveryStateAndLetsACommitUnderWayFinishInto(visited);
    assertAllRowsVisited(InstanceLifecycle.ORCHESTRATION, visited);
  }

  @Test
  void entityRunsAndCommitsBatchesOfItsMessages() {
    Set<String> visited = new HashSet<>();
    var d = new Driven(InstanceLifecycle.ENTITY, 2, true, visited);
    assertTrue(d.machine.isEntity());
    assertEquals(List.of(new RunEpisode(List.of("a", "b"))), d.on(arrived("a", "b", "c")));
    assertEquals(List.of(), d.on(arrived("d")));
    assertEquals(
        List.of(new DeleteMessages(List.of("a", "b")), new RunEpisode(List.of("c", "d"))),
        d.on(new Committed()));
    assertEquals(List.of(new DeleteMessages(List.of("c", "d")), new Park()), d.on(new Committed()));
    assertEquals(new Ready(), d.state());
    assertEquals(List.of(new RunEpisode(List.of("e"))), d.on(arrived("e")));
    assertEquals(
        List.of(
            new DropExecution(),
            new GiveBack(List.of("e"), InstanceMachine.RETRY_DELAY, BROKEN),
            new Park()),
        d.on(new Failed(BROKEN, false)));
    assertEquals(new Unloaded(), d.state());
    // an episode under way drains: stored, its messages go; failed, they come back
    assertEquals(List.of(new RunEpisode(List.of("f"))), d.on(arrived("f")));
    assertEquals(List.of(), d.on(new Stopping()));
    assertEquals(new Draining(List.of("f")), d.state());
    assertEquals(List.of(new DeleteMessages(List.of("f"))), d.on(new Committed()));
    assertEquals(new Stopped(), d.state());
    assertEquals(List.of(), d.on(new Committed())); // a late outcome changes nothing
    assertEquals(List.of(), d.on(new Failed(BROKEN, false)));
    var cut = new Driven(InstanceLifecycle.ENTITY, 2, true, visited);
    cut.on(arrived("g", "h"));
    cut.on(arrived("i"));
    cut.on(new Stopping());
    assertEquals(
        List.of(new GiveBack(List.of("g", "h"), InstanceMachine.RETRY_DELAY, BROKEN)),
        cut.on(new Failed(BROKEN, false)));
    assertEquals(new Stopped(), cut.state()); // "i" is not run: it goes back with the partition

    var idleUnloaded = new Driven(InstanceLifecycle.ENTITY, 2, true, visited);
    idleUnloaded.on(new Stopping());
    var idleReady = new Driven(InstanceLifecycle.ENTITY, 2, true, visited);
    idleReady.on(arrived("a"));
    idleReady.on(new Committed());
    assertEquals(new Ready(), idleReady.state());
    idleReady.on(new Stopping());
    assertEquals(new Stopped(), idleReady.state());
    assertAllRowsVisited(InstanceLifecycle.ENTITY, visited);
  }

  @Test
  void anInputNoRowAllowsIsRefusedNamingStateAndInput() {
    var d = new InstanceMachine(InstanceLifecycle.ORCHESTRATION, 10, true);
    var e = assertThrows(IllegalStateException.class, () -> d.on(new Produced()));
    assertEquals("no transition of orchestration from Unloaded on Produced", e.getMessage());
    var entity = new InstanceMachine(InstanceLifecycle.ENTITY, 10, true);
    assertThrows(IllegalStateException.class, () -> entity.on(new Loaded()));
    assertEquals(new Unloaded(), d.state()); // a refused input changes nothing
  }

  @Test
  void anOutcomeFedBackFromTheLastEffectIsTakenInTheNextState() {
    var m = new InstanceMachine(InstanceLifecycle.ORCHESTRATION, 10, true);
    List<String> carried = new ArrayList<>();
    // a cached history and a store that answers at once: each outcome comes back from inside the
    // effect that asked for it, as the partition feeds it, and the whole episode runs in one call
    InstanceMachine.Effects<InstanceMachine> atOnce =
        new InstanceMachine.Effects<>() {
          @Override
          public void carryOut(InstanceMachine owner, Effect effect) {
            carried.add(effect.getClass().getSimpleName() + " in " + stateName(owner));
            switch (effect) {
              case LoadHistory l -> owner.on(new Loaded(), owner, this);
              case Triage t -> owner.on(Prepared.of(Plan.EXECUTE, List.of()), owner, this);
              case RunEpisode r -> owner.on(new Produced(), owner, this);
              case Commit c -> owner.on(new Committed(), owner, this);
              default -> {}
            }
          }
        };
    m.on(arrived("a"), m, atOnce);
    assertEquals(
        List.of(
            "LoadHistory in Loading",
            "Triage in Preparing",
            "RunEpisode in Running",
            "Commit in Committing",
            "DeleteMessages in Ready",
            "Park in Ready"),
        carried);
    assertEquals(new Ready(), m.state());
  }

  private static String stateName(InstanceMachine m) {
    return m.state().getClass().getSimpleName();
  }

  @Test
  void anEffectAfterOneWhoseOutcomeMayComeBackAtOnceIsRefused() {
    var m = new InstanceMachine(InstanceLifecycle.ORCHESTRATION, 10, true);
    m.emit(new Commit(List.of("a")));
    var e =
        assertThrows(IllegalStateException.class, () -> m.emit(new DeleteMessages(List.of("a"))));
    assertEquals(
        "DeleteMessages after Commit, whose outcome may come back at once: the answering effect"
            + " must be last",
        e.getMessage());
  }

  @Test
  void theTablesDeclareEachStateAndInputPairOnce() {
    for (InstanceLifecycle lifecycle : InstanceLifecycle.values()) {
      Set<String> keys = new HashSet<>();
      for (InstanceLifecycle.Row row : lifecycle.rows()) {
        assertTrue(keys.add(key(row.from(), row.on())), "twice: " + key(row.from(), row.on()));
        assertFalse(row.to().isEmpty());
      }
    }
    assertTrue(
        InstanceLifecycle.ORCHESTRATION.rows().size() > InstanceLifecycle.ENTITY.rows().size());
  }
}
