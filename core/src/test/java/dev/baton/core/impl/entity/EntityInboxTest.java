package dev.baton.core.impl.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.history.HistoryEvent;
import dev.baton.core.history.HistoryEvent.EntityOperationRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityInboxTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(10);

  private final EntityInbox inbox = new EntityInbox(Map.of(), List.of(), null, WINDOW);
  private final List<String> delivered = new ArrayList<>();

  private static EntityOperationRequested request(String source, long seq, Instant sentAt) {
    return request(source, seq, sentAt, seq == 1 ? null : sentAt);
  }

  private static EntityOperationRequested request(
      String source, long seq, Instant sentAt, Instant previousSentAt) {
    return new EntityOperationRequested(
        sentAt,
        "@e@k",
        source + seq,
        null,
        source + ":" + seq,
        source,
        seq,
        previousSentAt,
        null,
        null,
        -1,
        true,
        null);
  }

  private void accept(String source, long seq, Instant at) {
    inbox.accept(request(source, seq, at), at, this::deliver);
  }

  private void deliver(HistoryEvent e) {
    delivered.add(((EntityOperationRequested) e).operation());
  }

  @Test
  void inOrderRequestsAreDeliveredAndRepeatsDropped() {
    accept("a", 1, T0);
    accept("a", 2, T0);
    accept("a", 1, T0);
    accept("b", 1, T0);
    accept("a", 2, T0);
    assertEquals(List.of("a1", "a2", "b1"), delivered);
    assertEquals(2, inbox.duplicates());
    assertTrue(inbox.changed());
  }

  @Test
  void aRequestWaitsForItsPredecessorsThenTheyRunInOrder() {
    accept("a", 3, T0);
    accept("a", 2, T0);
    accept("a", 3, T0);
    assertEquals(List.of(), delivered, "1 is missing");
    assertEquals(1, inbox.duplicates(), "3 twice while waiting");
    assertEquals(T0.plus(WINDOW), inbox.nextExpiry());
    accept("a", 1, T0.plusSeconds(1));
    assertEquals(List.of("a1", "a2", "a3"), delivered);
    assertFalse(inbox.hasWaiting());
    assertNull(inbox.nextExpiry());
    assertEquals(4, inbox.senders().get("a").next());
  }

  @Test
  void aGapOlderThanTheWindowIsSkipped() {
    accept("a", 1, T0);
    accept("a", 4, T0.plusSeconds(1));
    accept("a", 3, T0.plusSeconds(2));
    inbox.expire(T0.plus(WINDOW), this::deliver);
    assertEquals(List.of("a1"), delivered, "not yet: the wait started a second later");
    inbox.expire(T0.plusSeconds(1).plus(WINDOW), this::deliver);
    assertEquals(List.of("a1", "a3", "a4"), delivered);
    accept("a", 2, T0.plus(WINDOW).plusSeconds(5));
    assertEquals(List.of("a1", "a3", "a4"), delivered, "too late: dropped");
    accept("a", 5, T0.plus(WINDOW).plusSeconds(6));
    assertEquals(List.of("a1", "a3", "a4", "a5"), delivered);
  }

  @Test
  void silentSourcesAreForgottenAndTheirLateRepeatsStillDropped() {
    accept("old", 1, T0);
    Instant later = T0.plus(EntityInbox.RETENTION).plusSeconds(1);
    accept("new", 1, later);
    inbox.prune(later);
    assertEquals(List.of("new"), List.copyOf(inbox.senders().keySet()));
    assertEquals(T0, inbox.horizon());
    inbox.accept(request("old", 1, T0), later.plusSeconds(1), this::deliver);
    assertEquals(List.of("old1", "new1"), delivered, "the repeat was sent before the horizon");
    accept("newer", 1, later.plusSeconds(2));
    assertEquals(List.of("old1", "new1", "newer1"), delivered);
  }

  @Test
  void aGapAfterAMessageSentLongerThanTheWindowAgoIsNotWaitedFor() {
    Instant now = T0.plus(WINDOW).plusSeconds(1);
    inbox.accept(request("back", 7, now, T0), now, this::deliver);
    assertEquals(List.of("back7"), delivered, "the source's earlier messages are long gone");
    inbox.accept(request("back", 8, now, now), now, this::deliver);
    inbox.accept(request("fresh", 2, now, now.minusSeconds(1)), now, this::deliver);
    assertEquals(List.of("back7", "back8"), delivered, "a recent predecessor is waited for");
    assertTrue(inbox.hasWaiting());
    assertFalse(inbox.allSilentSince(now.plus(WINDOW).minusSeconds(1)));
    assertTrue(inbox.allSilentSince(now.plus(WINDOW)));
  }
}
