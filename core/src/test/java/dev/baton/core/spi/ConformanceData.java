package dev.baton.core.spi;

import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EntityCleanupRequested;
import dev.baton.core.history.HistoryEvent.EntityLockGranted;
import dev.baton.core.history.HistoryEvent.EntityLockReleased;
import dev.baton.core.history.HistoryEvent.EntityLockRequested;
import dev.baton.core.history.HistoryEvent.EntityOperationCompleted;
import dev.baton.core.history.HistoryEvent.EntityOperationFailed;
import dev.baton.core.history.HistoryEvent.EntityOperationRequested;
import dev.baton.core.history.HistoryEvent.EntitySnapshot;
import dev.baton.core.history.HistoryEvent.EntityWakeUp;
import dev.baton.core.history.HistoryEvent.EventRaised;
import dev.baton.core.history.HistoryEvent.ExecutionCompleted;
import dev.baton.core.history.HistoryEvent.ExecutionStarted;
import dev.baton.core.history.HistoryEvent.ExecutionTerminated;
import dev.baton.core.history.HistoryEvent.OrchestratorStarted;
import dev.baton.core.history.HistoryEvent.SubOrchestrationCompleted;
import dev.baton.core.history.HistoryEvent.SubOrchestrationFailed;
import dev.baton.core.history.HistoryEvent.SubOrchestrationScheduled;
import dev.baton.core.history.HistoryEvent.TaskCompleted;
import dev.baton.core.history.HistoryEvent.TaskFailed;
import dev.baton.core.history.HistoryEvent.TaskScheduled;
import dev.baton.core.history.HistoryEvent.TimerCreated;
import dev.baton.core.history.HistoryEvent.TimerFired;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The values the conformance tests write and expect to read back. */
final class ConformanceData {

  /** A time with every digit of nanosecond precision set. */
  static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123456789Z");

  /** Text a store must keep byte for byte: accents, CJK, an emoji, quotes, escapes. */
  static final String NON_ASCII =
      "Grüße, Ünïcödé! 日本語のテキスト 🎻 ∑≈√ «quotes» \"double\" 'single' back\\slash tab\t"
          + " newline\n end";

  /** 200 KB: over a queue message's and a table property's limit. */
  static final int LARGE = 200 * 1024;

  /** 1.5 MB: over a table row's and a table batch's limit. */
  static final int HUGE = 1536 * 1024;

  private static final int[] ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:-_éß日本🎻"
          .codePoints()
          .toArray();

  private ConformanceData() {}

  /** A JSON string literal of about {@code chars} characters, varied so it compresses poorly. */
  static String jsonText(int chars, long seed) {
    var random = new SplittableRandom(seed);
    var sb = new StringBuilder(chars + 16).append('"');
    while (sb.length() < chars - 1) {
      sb.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return sb.append('"').toString();
  }

  /** A JSON object holding {@link #NON_ASCII}. */
  static String nonAsciiJson() {
    return "{\"text\":\"Grüße 日本語 🎻 \\\"q\\\" \\\\ \\n\",\"n\":42}";
  }

  /** A failure with a cause, every field set. */
  static FailureDetails failure() {
    var cause =
        new FailureDetails(
            "java.io.UncheckedIOException",
            "disk 'ü' full",
            "java.io.UncheckedIOException: disk full\n\tat a.B.c(B.java:1)",
            null);
    return new FailureDetails(
        "java.lang.IllegalStateException",
        NON_ASCII,
        "java.lang.IllegalStateException: boom\n\tat x.Y.z(Y.java:42)\nCaused by: ...",
        cause);
  }

  /**
   * One event of every {@link HistoryEvent} type with every field set, {@code large} and {@code
   * huge} as two of the payloads.
   */
  static List<HistoryEvent> everyEventType(String large, String huge) {
    Instant t = T0;
    return List.of(
        new OrchestratorStarted(t),
        new ExecutionStarted(
            t.plusNanos(1),
            "orchestrator-ü",
            "v2.1",
            large,
            "exec-1",
            "parent-1",
            7,
            t.plusSeconds(60),
            "parent-exec-1",
            Map.of("tenant", "Grüße & co", "tier", "{\"gold\"}")),
        new TaskScheduled(t.plusNanos(2), 0, "activity 日本", nonAsciiJson()),
        new TaskCompleted(t.plusNanos(3), 0, huge),
        new TaskScheduled(t.plusNanos(4), 1, "fails", "null"),
        new TaskFailed(t.plusNanos(5), 1, failure()),
        new TimerCreated(t.plusNanos(6), 2, t.plusSeconds(3600)),
        new TimerFired(t.plusNanos(7), 2, t.plusSeconds(3600)),
        new SubOrchestrationScheduled(
            t.plusNanos(8), 3, "child", "child-1", "v1", "[1,2,3]", Map.of("kind", "child 🎻")),
        new SubOrchestrationCompleted(t.plusNanos(9), 3, "{\"ok\":true}"),
        new SubOrchestrationScheduled(
            t.plusNanos(10), 4, "child", "child-2", "v1", "{}", Map.of("n", "2")),
        new SubOrchestrationFailed(t.plusNanos(11), 4, failure()),
        new EventRaised(t.plusNanos(12), "approval ✓", "\"yes\"", "msg-42"),
        new ExecutionCompleted(t.plusNanos(13), RuntimeStatus.FAILED, "\"partial\"", failure()),
        new ExecutionTerminated(t.plusNanos(14), NON_ASCII),
        new HistoryEvent.EventSent(t.plusNanos(15), 5, "other-1", "ping ✓", "{\"n\":1}"),
        new HistoryEvent.ExecutionSuspended(t.plusNanos(16), NON_ASCII),
        new HistoryEvent.ExecutionResumed(t.plusNanos(17), "\"resumed\""),
        new HistoryEvent.ExecutionRewound(t.plusNanos(18), "\"rewound\""),
        entityRequest(t.plusNanos(15)),
        new EntityLockRequested(
            t.plusNanos(16),
            LOCK_SET,
            1,
            "lock-1",
            "@a@1#inc-1",
            2,
            t.minusSeconds(5),
            "orch-ü",
            "exec-1",
            6),
        new EntityLockGranted(t.plusNanos(17), 6, "lock-1", LOCK_SET),
        new EntityOperationCompleted(t.plusNanos(18), 5, nonAsciiJson()),
        new EntityOperationFailed(t.plusNanos(19), 7, failure()),
        new EntityLockReleased(t.plusNanos(20), 8, "lock-1", LOCK_SET),
        new EntityWakeUp(t.plusNanos(21)),
        new EntityCleanupRequested(t.plusNanos(22)),
        new EntitySnapshot(
            t.plusNanos(23),
            "inc-1",
            t,
            t.plusSeconds(1),
            large,
            new EntitySnapshot.LockHolder("lock-1", "orch-ü", "exec-1", LOCK_SET),
            List.of(entityRequest(t), new EntityLockReleased(t, -1, "lock-0", LOCK_SET)),
            List.of(
                new EntitySnapshot.Outgoing(
                    "orch-ü", "exec-1", new EntityOperationCompleted(t, 5, "1"), t.plusSeconds(9))),
            Map.of("client#ü", new EntitySnapshot.Progress(4, t)),
            List.of(new EntitySnapshot.Waiting(t.plusSeconds(2), entityRequest(t))),
            t.minusSeconds(86_400),
            List.of(entityRequest(t.plusNanos(24))),
            Map.of("@b@2", new EntitySnapshot.Sent(3, t.minusSeconds(1))),
            t.plusSeconds(60)));
  }

  private static final List<String> LOCK_SET = List.of("@a@1", "@b@2 ü");

  private static EntityOperationRequested entityRequest(Instant t) {
    return new EntityOperationRequested(
        t,
        "@counter@k-ü",
        "add ✓",
        nonAsciiJson(),
        "req-1",
        "client#s1",
        3,
        t.minusMillis(3),
        "orch-ü",
        "exec-1",
        5,
        false,
        t.plusSeconds(120));
  }

  /** One event of every type whose optional fields are {@code null}: they must stay null. */
  static List<HistoryEvent> everyEventTypeWithNulls() {
    Instant t = T0.plusSeconds(1);
    return List.of(
        new OrchestratorStarted(t),
        new ExecutionStarted(t, "o", null, null, "exec-2", null, -1, null),
        new TaskScheduled(t, 0, "a", null),
        new TaskCompleted(t, 0, null),
        new TaskFailed(t, 1, new FailureDetails("E", null, null, null)),
        new TimerCreated(t, 2, t),
        new TimerFired(t, 2, t),
        new SubOrchestrationScheduled(t, 3, "c", "c-1", null, null),
        new SubOrchestrationCompleted(t, 3, null),
        new SubOrchestrationFailed(t, 4, new FailureDetails("E", "", "", null)),
        new EventRaised(t, "e", null, null),
        new ExecutionCompleted(t, RuntimeStatus.COMPLETED, null, null),
        new ExecutionTerminated(t, null),
        new HistoryEvent.EventSent(t, 5, "o-1", "e", null),
        new HistoryEvent.ExecutionSuspended(t, null),
        new HistoryEvent.ExecutionResumed(t, null),
        new HistoryEvent.ExecutionRewound(t, null),
        new EntityOperationRequested(
            t, "@c@k", "op", null, "r", "s", 1, null, null, null, -1, true, null),
        new EntityLockRequested(t, List.of("@c@k"), 0, "l", "s", 1, null, "o", "e", 0),
        new EntityLockGranted(t, 0, "l", List.of()),
        new EntityOperationCompleted(t, 1, null),
        new EntityOperationFailed(t, 2, new FailureDetails("E", null, null, null)),
        new EntityLockReleased(t, -1, "l", List.of()),
        new EntityWakeUp(t),
        new EntityCleanupRequested(t),
        new EntitySnapshot(
            t, "inc", t, null, null, null, null, null, null, null, null, null, null, null));
  }

  /** {@code n} small events, numbered in their task ids. */
  static List<HistoryEvent> numberedEvents(int from, int count) {
    var events = new java.util.ArrayList<HistoryEvent>(count);
    for (int i = from; i < from + count; i++) {
      events.add(new TaskCompleted(T0.plusMillis(i), i, "\"r" + i + "\""));
    }
    return events;
  }

  /** A status row with every field set and payloads of the given sizes. */
  static InstanceRecord fullRecord(String instanceId, int inputChars, int outputChars) {
    Instant created = Instant.parse("2026-05-06T07:08:09.123456Z");
    return new InstanceRecord(
        instanceId,
        "orchestrator-ü",
        "v3",
        "exec-9",
        RuntimeStatus.FAILED,
        inputChars > 0 ? jsonText(inputChars, 3) : nonAsciiJson(),
        outputChars > 0 ? jsonText(outputChars, 4) : "\"out 🎻\"",
        "{\"step\":\"Grüße\"}",
        failure(),
        created,
        created.plusSeconds(5),
        created.plusSeconds(1),
        "parent-ü",
        Map.of("tenant", "Grüße & co", "quote", "it's \"quoted\"", "empty", ""),
        (3L << 32) + 12_345); // past 32 bits: three rewinds in, 12,345 events
  }

  /** A status row whose optional fields are {@code null}. */
  static InstanceRecord sparseRecord(String instanceId) {
    Instant created = Instant.parse("2026-05-06T07:08:09Z");
    return new InstanceRecord(
        instanceId,
        "o",
        null,
        "exec-1",
        RuntimeStatus.PENDING,
        null,
        null,
        null,
        null,
        created,
        created,
        null,
        null);
  }

  /** A small row for queries. */
  static InstanceRecord row(String instanceId, RuntimeStatus status, Instant createdAt) {
    return new InstanceRecord(
        instanceId,
        "orders",
        null,
        "exec-" + instanceId,
        status,
        "{\"id\":\"" + instanceId.replace("\"", "") + "\"}",
        null,
        null,
        null,
        createdAt,
        createdAt,
        null,
        null);
  }

  /** A control message for instance {@code "i" + n}, so tests can tell messages apart. */
  static ControlMessage controlMessage(int n) {
    return new ControlMessage("i" + n, "exec-1", new EventRaised(T0, "ev", "" + n, "m" + n));
  }

  /** The number {@link #controlMessage} put in a message. */
  static int numberOf(ControlMessage message) {
    return Integer.parseInt(message.instanceId().substring(1));
  }
}
