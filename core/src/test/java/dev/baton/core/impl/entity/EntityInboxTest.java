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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

  /** What {@link #delivered} holds per source, in delivery order. */
  private Map<String, List<Long>> deliveredBySource() {
    Map<String, List<Long>> bySource = new LinkedHashMap<>();
    for (String op : delivered) {
      int digits = op.length();
      while (Character.isDigit(op.charAt(digits - 1))) {
        digits--;
      }
      bySource
          .computeIfAbsent(op.substring(0, digits), s -> new ArrayList<>())
          .add(Long.parseLong(op.substring(digits)));
    }
    return bySource;
  }

  private static List<Long> oneTo(int n) {
    List<Long> seqs = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      seqs.add(i);
    }
    return seqs;
  }

  @Test
  void shuffledRequestsFromManySourcesWithRepeatsAreDeliveredOncePerSourceInOrder() {
    int sources = 40;
    int perSource = 60;
    List<String[]> arrivals = new ArrayList<>();
    for (int s = 0; s < sources; s++) {
      for (int seq = 1; seq <= perSource; seq++) {
        arrivals.add(new String[] {"s" + s + "x", Integer.toString(seq)});
        if (seq % 3 == 0) {
          arrivals.add(new String[] {"s" + s + "x", Integer.toString(seq)}); // sent twice
        }
      }
    }
    Collections.shuffle(arrivals, new Random(7));
    for (String[] a : arrivals) {
      accept(a[0], Long.parseLong(a[1]), T0);
    }
    Map<String, List<Long>> bySource = deliveredBySource();
    assertEquals(sources, bySource.size());
    for (int s = 0; s < sources; s++) {
      assertEquals(oneTo(perSource), bySource.get("s" + s + "x"), "source s" + s);
      assertEquals(perSource + 1, inbox.senders().get("s" + s + "x").next());
    }
    assertEquals(sources * (perSource / 3), inbox.duplicates());
    assertFalse(inbox.hasWaiting());
    assertEquals(List.of(), inbox.waiting());
    assertNull(inbox.nextExpiry());
  }

  @Test
  void aLargeBurstInReverseOrderWaitsWholeThenRunsInOrder() {
    int n = 20_000;
    for (long seq = n; seq >= 2; seq--) {
      accept("burst", seq, T0);
    }
    assertEquals(List.of(), delivered);
    assertEquals(n - 1, inbox.waiting().size());
    accept("burst", n / 2, T0); // a repeat of one that waits
    assertEquals(1, inbox.duplicates());
    accept("burst", 1, T0.plusSeconds(1));
    assertEquals(Map.of("burst", oneTo(n)), deliveredBySource());
    assertEquals(n + 1, inbox.senders().get("burst").next());
    accept("burst", n, T0.plusSeconds(2)); // a repeat of one delivered
    assertEquals(2, inbox.duplicates());
    assertFalse(inbox.hasWaiting());
  }

  @Test
  void theWaitingListKeepsArrivalOrderAcrossSnapshotsAndItsOldestDecidesTheExpiry() {
    accept("a", 3, T0);
    accept("b", 3, T0.plusSeconds(1));
    accept("a", 2, T0.plusSeconds(2));
    accept("b", 2, T0.plusSeconds(3));
    assertEquals(
        List.of("a3", "b3", "a2", "b2"),
        inbox.waiting().stream()
            .map(w -> ((EntityOperationRequested) w.request()).operation())
            .toList());
    assertEquals(T0.plusSeconds(1), inbox.waiting().get(1).arrivedAt());
    // the next batch starts from what the snapshot holds
    EntityInbox next = new EntityInbox(inbox.senders(), inbox.waiting(), inbox.horizon(), WINDOW);
    next.accept(request("a", 3, T0), T0.plusSeconds(4), this::deliver);
    assertEquals(1, next.duplicates(), "still waiting after the snapshot");
    next.accept(request("a", 1, T0), T0.plusSeconds(5), this::deliver);
    assertEquals(List.of("a1", "a2", "a3"), delivered);
    assertEquals(T0.plusSeconds(1).plus(WINDOW), next.nextExpiry(), "b3 is now the oldest");
    next.expire(T0.plusSeconds(2).plus(WINDOW), this::deliver);
    assertEquals(List.of("a1", "a2", "a3", "b2", "b3"), delivered, "b1 given up, b2 then b3");
    assertEquals(4, next.senders().get("b").next());
    assertFalse(next.hasWaiting());
    assertNull(next.nextExpiry());
  }
}
