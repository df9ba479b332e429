package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EventRaised;
import dev.baton.core.history.HistoryEvent.ExecutionStarted;
import dev.baton.core.spi.ControlMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a batch of messages is sorted against what a slot knows of its instance. */
class EpisodeTriageTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static ExecutionStarted start(String executionId) {
    return new ExecutionStarted(T, "o", null, "1", executionId, null, -1, null);
  }

  private static OrchestrationSlot running(HistoryEvent... more) {
    var slot = new OrchestrationSlot("i");
    List<HistoryEvent> events = new ArrayList<>();
    events.add(new HistoryEvent.OrchestratorStarted(T));
    events.add(start("e1"));
    events.addAll(List.of(more));
    slot.fold(events);
    return slot;
  }

  /** Sorts messages that are each delivered for the second time (redeliveries). */
  private static EpisodeTriage.Result sort(OrchestrationSlot slot, HistoryEvent... events) {
    return sort(2, slot, events);
  }

  private static EpisodeTriage.Result sort(
      int dequeueCount, OrchestrationSlot slot, HistoryEvent... events) {
    List<EpisodeTriage.Message> batch = new ArrayList<>();
    for (HistoryEvent e : events) {
      batch.add(
          new EpisodeTriage.Message(
              "m" + batch.size(), new ControlMessage("i", null, e), dequeueCount));
    }
    return EpisodeTriage.sort(slot, batch, T.plusSeconds(10));
  }

  @Test
  void aCopyDeliveredForTheFirstTimeIsDroppedWithoutResendingOpenCalls() {
    var slot = running(new EventRaised(T, "e", "1", "seen"));
    var r = sort(1, slot, new EventRaised(T, "e", "1", "seen"));
    assertTrue(r.accepted().isEmpty(), "the copy is not applied again");
    assertFalse(r.duplicate(), "a copy sent twice proves no partial commit");
    assertTrue(sort(2, slot, new EventRaised(T, "e", "1", "seen")).duplicate());
  }

  @Test
  void anEventSeenBeforeOrTwiceInTheBatchIsADuplicate() {
    var slot = running(new EventRaised(T, "e", "1", "seen"));
    var r =
        sort(
            slot,
            new EventRaised(T, "e", "2", "seen"),
            new EventRaised(T, "e", "3", "new"),
            new EventRaised(T, "e", "3", "new"));
    assertTrue(r.duplicate());
    assertEquals(1, r.accepted().size());
    assertEquals("new", ((EventRaised) r.accepted().getFirst()).messageId());
  }

  @Test
  void eachTasksResultIsAcceptedOnceHoweverOftenTheBatchHoldsIt() {
    var slot =
        running(
            new HistoryEvent.TaskScheduled(T, 0, "a", null, null),
            new HistoryEvent.TaskScheduled(T, 1, "a", null, null),
            new HistoryEvent.TaskScheduled(T, 2, "a", null, null));
    var one = sort(1, slot, new HistoryEvent.TaskCompleted(T, 1, "r1"));
    assertEquals(1, one.accepted().size());
    assertFalse(one.duplicate());
    var twice =
        sort(
            slot,
            new HistoryEvent.TaskCompleted(T, 0, "r0"),
            new HistoryEvent.TaskCompleted(T, 0, "r0"), // the first task again: no set yet
            new HistoryEvent.TaskCompleted(T, 2, "r2"),
            new HistoryEvent.TaskCompleted(T, 1, "r1"),
            new HistoryEvent.TaskCompleted(T, 2, "r2"), // a later one again: from the set
            new HistoryEvent.TaskCompleted(T, 0, "r0"));
    assertEquals(
        List.of(0, 2, 1), twice.accepted().stream().map(EpisodeTriage::completionTaskId).toList());
    assertTrue(twice.duplicate());
  }

  @Test
  void anEventForAnInstanceThatHasNotStartedIsDeferredAndOneForAFinishedOneDropped() {
    var r = sort(new OrchestrationSlot("i"), new EventRaised(T, "e", "1", "x"));
    assertEquals(List.of("m0"), r.deferred());
    var finished =
        running(new HistoryEvent.ExecutionCompleted(T, RuntimeStatus.COMPLETED, "1", null));
    var dropped = sort(finished, new EventRaised(T, "e", "1", "x"));
    assertTrue(dropped.accepted().isEmpty());
    assertEquals(1, dropped.strays().size());
    var withStart =
        sort(new OrchestrationSlot("i"), new EventRaised(T, "e", "1", "x"), start("e2"));
    assertEquals(1, withStart.accepted().size(), "in the same batch as its start: accepted");
    assertEquals("e2", withStart.newExecution().executionId(), "the start goes first");
  }

  @Test
  void afterAContinueAsNewTheNextExecutionStartsWithWhateverComes() {
    var slot =
        running(
            new HistoryEvent.ExecutionCompleted(T, RuntimeStatus.CONTINUED_AS_NEW, "2", null),
            new EventRaised(T, "e", "carried", "c1"));
    assertEquals(1, slot.carried.size());
    var next = OrchestrationMessages.nextExecution(slot.started, "2", T);
    var r = sort(slot, next, new EventRaised(T, "e", "x", "fresh"));
    assertNotNull(r.newExecution());
    assertEquals(next.executionId(), r.newExecution().executionId());
    assertEquals("2", r.newExecution().input());
    assertTrue(r.refusedStarts().isEmpty(), "its own start is not refused");
    assertEquals(1, r.accepted().size());
  }

  @Test
  void suspendAndResumeAreAcceptedOnlyWhenTheyChangeTheState() {
    var slot = running();
    var r =
        sort(
            slot,
            new HistoryEvent.ExecutionResumed(T, null),
            new HistoryEvent.ExecutionSuspended(T, null),
            new HistoryEvent.ExecutionSuspended(T, null),
            new HistoryEvent.ExecutionResumed(T, null));
    assertEquals(
        List.of("ExecutionSuspended", "ExecutionResumed"),
        r.accepted().stream().map(e -> e.getClass().getSimpleName()).toList());
  }

  @Test
  void aStartForARunningIdIsRefusedAndARewindNeedsAFailure() {
    var slot = running();
    var r = sort(slot, start("other"), new HistoryEvent.ExecutionRewound(T, null));
    assertEquals(1, r.refusedStarts().size());
    assertNull(r.rewind());
    var failed = running(new HistoryEvent.ExecutionCompleted(T, RuntimeStatus.FAILED, null, null));
    assertNotNull(sort(failed, new HistoryEvent.ExecutionRewound(T, null)).rewind());
    var completed =
        running(new HistoryEvent.ExecutionCompleted(T, RuntimeStatus.COMPLETED, "1", null));
    var again = sort(completed, new HistoryEvent.ExecutionRewound(T, null));
    assertNull(again.rewind());
    assertTrue(again.duplicate(), "a completed child reports its result again");
    assertFalse(sort(running(), new HistoryEvent.ExecutionRewound(T, null)).duplicate());
  }

  @Test
  void aRewindAlreadyInHistoryIsARepeatEvenAfterTheInstanceFailedAgain() {
    var rewound = new HistoryEvent.ExecutionRewound(T.plusSeconds(1), "\"retry\"");
    var failedAgain =
        running(
            new HistoryEvent.ExecutionCompleted(T, RuntimeStatus.FAILED, null, null),
            rewound,
            new HistoryEvent.ExecutionCompleted(
                T.plusSeconds(2), RuntimeStatus.FAILED, null, null));
    var r = sort(failedAgain, new HistoryEvent.ExecutionRewound(T.plusSeconds(1), "\"retry\""));
    assertNull(r.rewind(), "the copy does not rewind a second time");
    assertTrue(r.duplicate());
    assertEquals(List.of(rewound), r.repeats());
    var fresh = sort(failedAgain, new HistoryEvent.ExecutionRewound(T.plusSeconds(3), "\"retry\""));
    assertNotNull(fresh.rewind(), "a later request with the same reason rewinds");
    var twice = sort(1, failedAgain, fresh.rewind(), fresh.rewind());
    assertEquals(fresh.rewind(), twice.rewind());
    assertFalse(twice.duplicate(), "a copy in the same batch proves no partial commit");
  }

  @Test
  void aTerminateOfAnInstanceItTerminatedIsARepeatWhenDeliveredAgain() {
    var terminated = running(new HistoryEvent.ExecutionTerminated(T, "\"enough\""));
    var again = sort(2, terminated, new HistoryEvent.ExecutionTerminated(T, "\"enough\""));
    assertNull(again.terminate());
    assertTrue(again.duplicate(), "its commit may have stopped before the row");
    assertFalse(
        sort(1, terminated, new HistoryEvent.ExecutionTerminated(T, "\"late\"")).duplicate(),
        "a first delivery to a finished instance proves no partial commit");
  }

  @Test
  void aSuspendAlreadyInHistoryIsARepeatEvenAfterALaterResume() {
    var suspend = new HistoryEvent.ExecutionSuspended(T.plusSeconds(1), "\"pause\"");
    var resume = new HistoryEvent.ExecutionResumed(T.plusSeconds(2), "\"go\"");
    var slot = running(suspend, resume);
    var r = sort(slot, new HistoryEvent.ExecutionSuspended(T.plusSeconds(1), "\"pause\""));
    assertTrue(r.accepted().isEmpty(), "not suspended again");
    assertTrue(r.duplicate());
    assertEquals(List.of(suspend), r.repeats());
    var copies = sort(1, slot, resume, suspend, resume);
    assertTrue(copies.accepted().isEmpty());
    var fresh = sort(slot, new HistoryEvent.ExecutionSuspended(T.plusSeconds(3), "\"pause\""));
    assertEquals(1, fresh.accepted().size(), "a later request with the same reason applies");
    var twiceInBatch =
        sort(
            1,
            running(),
            new HistoryEvent.ExecutionSuspended(T.plusSeconds(3), null),
            new HistoryEvent.ExecutionResumed(T.plusSeconds(4), null),
            new HistoryEvent.ExecutionSuspended(T.plusSeconds(3), null));
    assertEquals(2, twiceInBatch.accepted().size(), "the copy after the resume is dropped");
  }

  @Test
  void aMessageDeliveredAgainForTheExecutionBeforeRepeatsTheCurrentStart() {
    var slot = new OrchestrationSlot("i");
    ExecutionStarted next = OrchestrationMessages.nextExecution(start("e1"), "2", T);
    slot.fold(List.of(new HistoryEvent.OrchestratorStarted(T), next));
    var result = new HistoryEvent.TaskCompleted(T, 0, "1");
    var r = sortFor(slot, "e1", result, 2);
    assertEquals(List.of(result), r.strays());
    assertTrue(r.duplicate(), "it may have started this execution and stopped before its row");
    assertEquals(List.of(next), r.repeats(), "the re-send starts at this execution's start");
    assertFalse(sortFor(slot, "e1", result, 1).duplicate(), "a first delivery is a plain stray");
    assertFalse(sortFor(slot, "e0", result, 2).duplicate(), "not for the execution before");
  }

  @Test
  void aRequestForAnExecutionBeforeARestartIsNotAppliedToTheNewOne() {
    var terminate = new HistoryEvent.ExecutionTerminated(T, "\"enough\"");
    assertNull(sortFor(running(), "e0", terminate, 2).terminate(), "sent for the execution before");
    assertFalse(sortFor(running(), "e0", terminate, 2).duplicate());
    assertNotNull(sortFor(running(), "e1", terminate, 1).terminate(), "for this execution");
    assertNotNull(sortFor(running(), null, terminate, 1).terminate(), "for whichever is current");
    var suspend = new HistoryEvent.ExecutionSuspended(T, null);
    assertTrue(sortFor(running(), "e0", suspend, 1).accepted().isEmpty());
    assertEquals(1, sortFor(running(), "e1", suspend, 1).accepted().size());
    var rewind = new HistoryEvent.ExecutionRewound(T, null);
    var failed = running(new HistoryEvent.ExecutionCompleted(T, RuntimeStatus.FAILED, null, null));
    assertNull(sortFor(failed, "e0", rewind, 1).rewind());
    assertNotNull(sortFor(failed, "e1", rewind, 1).rewind());

    // a terminated execution and, in one batch, a late copy of its terminate and a new start
    var terminated = running(terminate);
    var batch =
        List.of(
            new EpisodeTriage.Message("m0", new ControlMessage("i", "e1", terminate), 2),
            new EpisodeTriage.Message("m1", new ControlMessage("i", "e2", start("e2")), 1));
    var r = EpisodeTriage.sort(terminated, batch, T.plusSeconds(10));
    assertEquals("e2", r.newExecution().executionId());
    assertNull(r.terminate(), "the new start is not terminated by the copy");
  }

  @Test
  void aRequestForAnExecutionThatHasSinceContinuedAsNewApplies() {
    String third =
        OrchestrationMessages.nextExecutionId(OrchestrationMessages.nextExecutionId("e1"));
    var slot = new OrchestrationSlot("i");
    slot.fold(List.of(new HistoryEvent.OrchestratorStarted(T), start(third)));
    var terminate = new HistoryEvent.ExecutionTerminated(T, null);
    assertNotNull(sortFor(slot, "e1", terminate, 1).terminate(), "two continue-as-new later");
    var suspend = new HistoryEvent.ExecutionSuspended(T, null);
    assertEquals(1, sortFor(slot, "e1", suspend, 1).accepted().size());
    assertFalse(sortFor(slot, "e1", suspend, 2).duplicate(), "not mistaken for a redelivery");
    var continued =
        running(new HistoryEvent.ExecutionCompleted(T, RuntimeStatus.CONTINUED_AS_NEW, "2", null));
    var r = sortFor(continued, "e1", terminate, 1);
    assertNotNull(r.terminate(), "the execution that follows is terminated");
    assertNotNull(r.newExecution());
    assertTrue(OrchestrationMessages.continuesFrom(third, "e1"));
    assertFalse(OrchestrationMessages.continuesFrom("e1", third), "not backwards");
  }

  private static EpisodeTriage.Result sortFor(
      OrchestrationSlot slot, String executionId, HistoryEvent e, int dequeueCount) {
    var message =
        new EpisodeTriage.Message("m", new ControlMessage("i", executionId, e), dequeueCount);
    return EpisodeTriage.sort(slot, List.of(message), T.plusSeconds(10));
  }
}
