package dev.baton.core.spi;

import static dev.baton.core.spi.ConformanceData.HUGE;
import static dev.baton.core.spi.ConformanceData.LARGE;
import static dev.baton.core.spi.ConformanceData.controlMessage;
import static dev.baton.core.spi.ConformanceData.everyEventType;
import static dev.baton.core.spi.ConformanceData.jsonText;
import static dev.baton.core.spi.ConformanceData.numberOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.spi.StoreException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rules of {@link MessageQueue}, proven on a control queue and the work-item queue. */
abstract class MessageQueueConformance extends ConformanceSupport {

  private MessageQueue<ControlMessage> queue() {
    return hub().controlQueue(0);
  }

  private static List<ControlMessage> messages(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(ConformanceData::controlMessage).toList();
  }

  private static Set<Integer> numbers(List<Delivery<ControlMessage>> deliveries) {
    return deliveries.stream().map(d -> numberOf(d.message())).collect(Collectors.toSet());
  }

  private <M> List<Delivery<M>> receiveAll(MessageQueue<M> q, int expected) {
    var all = new ArrayList<Delivery<M>>();
    long deadline = System.nanoTime() + GRACE.toNanos();
    while (all.size() < expected && System.nanoTime() < deadline) {
      all.addAll(call(() -> q.receive(32, units(30))));
    }
    return all;
  }

  @Test
  void rule1_everyMethodReturnsAtOnceAndReceiveOnAnEmptyQueueDoesNotWait() {
    var q = queue();
    long start = System.nanoTime();
    assertEquals(List.of(), call(() -> q.receive(32, units(30))));
    assertTrue(
        millisSince(start) < MAX_SYNC.toMillis(),
        "receive on an empty queue must answer at once, not long-poll");
    call(() -> q.send(messages(0, 2), Duration.ZERO));
    var got = call(() -> q.receive(2, units(30)));
    assertEquals(2, got.size());
    var moved = call(() -> q.updateVisibility(got.get(0), units(30)));
    call(() -> q.delete(moved));
    call(() -> q.delete(got.get(1)));
    assertEquals(0L, call(q::approximateCount));
  }

  @Test
  void rule2_sentMessagesAreDeliveredIntactWhateverTheirSize() {
    var q = hub().controlQueue(1);
    var events = everyEventType(jsonText(LARGE, 1), jsonText(HUGE, 2));
    var sent = new ArrayList<ControlMessage>();
    for (int i = 0; i < events.size(); i++) {
      sent.add(new ControlMessage("inst-ü-" + i, i % 2 == 0 ? "exec-1" : null, events.get(i)));
    }
    sent.add(new ControlMessage("inst-repeated", "exec-2", events.get(0), true));
    Instant before = Instant.now();
    call(() -> q.send(sent, Duration.ZERO));
    Instant after = Instant.now();

    var got = receiveAll(q, sent.size());
    assertEquals(sent.size(), got.size(), "every sent message is delivered");
    assertEquals(Set.copyOf(sent), got.stream().map(Delivery::message).collect(Collectors.toSet()));
    for (var d : got) {
      assertEquals(1, d.dequeueCount(), "first delivery counts 1");
      assertFalse(d.insertedAt().isBefore(before.minusSeconds(2)), "insertedAt " + d.insertedAt());
      assertFalse(d.insertedAt().isAfter(after.plusSeconds(2)), "insertedAt " + d.insertedAt());
    }

    var work = hub().workItemQueue();
    var items =
        List.of(
            new ActivityWorkItem(
                "inst-日本",
                "exec-7",
                12,
                "activity ü",
                jsonText(LARGE, 5),
                ConformanceData.TRACE_PARENT),
            new ActivityWorkItem("inst-2", "exec-1", 0, "noInput", null));
    call(() -> work.send(items, Duration.ZERO));
    var gotItems = receiveAll(work, items.size());
    assertEquals(
        Set.copyOf(items), gotItems.stream().map(Delivery::message).collect(Collectors.toSet()));
  }

  @Test
  void rule3_aDelayedMessageIsNotDeliveredBeforeItsDelay() {
    var q = queue();
    long start = System.nanoTime();
    call(() -> q.send(List.of(controlMessage(1)), units(2)));
    assertEquals(List.of(), call(() -> q.receive(32, units(30))), "delivered before its delay");
    var got =
        eventually(
            () -> q.receive(32, units(30)),
            list -> !list.isEmpty(),
            units(2).plus(GRACE),
            "the delayed message");
    assertTrue(
        millisSince(start) >= unit().toMillis(),
        "delivered after " + millisSince(start) + " ms, delay was " + units(2).toMillis());
    assertEquals(Set.of(1), numbers(got));
  }

  @Test
  void rule4_receiveReturnsAtMostMaxMessagesEachWithItsOwnReceipt() {
    var q = queue();
    call(() -> q.send(messages(0, 5), Duration.ZERO));
    var first = call(() -> q.receive(3, units(30)));
    var second = call(() -> q.receive(3, units(30)));
    var third = call(() -> q.receive(3, units(30)));
    assertEquals(3, first.size());
    assertEquals(2, second.size());
    assertEquals(List.of(), third, "hidden messages are not delivered again");
    var all = new ArrayList<>(first);
    all.addAll(second);
    assertEquals(Set.of(0, 1, 2, 3, 4), numbers(all));
    assertEquals(5, all.stream().map(Delivery::receipt).distinct().count(), "receipts differ");
    assertEquals(5, all.stream().map(Delivery::messageId).distinct().count(), "ids differ");
    all.forEach(d -> assertEquals(1, d.dequeueCount()));
  }

  @Test
  void rule4_aMaxAboveTheStoresOwnLimitPerCallIsAccepted() {
    var q = queue();
    call(() -> q.send(messages(0, 40), Duration.ZERO));
    var first = call(() -> q.receive(128, units(30)));
    assertTrue(!first.isEmpty() && first.size() <= 40, "got " + first.size());
    var all = new ArrayList<>(first);
    all.addAll(receiveAll(q, 40 - first.size()));
    assertEquals(Set.copyOf(IntStream.range(0, 40).boxed().toList()), numbers(all));
    assertEquals(40, all.size(), "each message once");
  }

  @Test
  void rule4_receiveOnAnEmptyQueueReturnsAnEmptyList() {
    var control = queue();
    var work = hub().workItemQueue();
    assertEquals(List.of(), call(() -> control.receive(32, units(30))));
    assertEquals(List.of(), call(() -> work.receive(1, units(30))));
  }

  @Test
  void rule4_eachDeliveryHasANewReceiptAndADequeueCountOneHigher() {
    var q = queue();
    call(() -> q.send(List.of(controlMessage(7)), Duration.ZERO));
    var d1 = call(() -> q.receive(1, unit())).get(0);
    assertEquals(List.of(), call(() -> q.receive(1, unit())), "hidden for its visibility timeout");
    var d2 =
        eventually(() -> q.receive(1, units(30)), l -> !l.isEmpty(), GRACE, "redelivery").get(0);
    var d3 = call(() -> q.updateVisibility(d2, Duration.ZERO));
    var d4 = call(() -> q.receive(1, units(30))).get(0);

    assertEquals(1, d1.dequeueCount());
    assertEquals(2, d2.dequeueCount());
    assertEquals(3, d4.dequeueCount());
    var receipts = List.of(d1.receipt(), d2.receipt(), d3.receipt(), d4.receipt());
    assertEquals(
        4, new HashSet<>(receipts).size(), "every delivery has a new receipt: " + receipts);
    for (var d : List.of(d2, d3, d4)) {
      assertEquals(d1.messageId(), d.messageId(), "the message keeps its id");
      assertEquals(d1.message(), d.message());
      assertEquals(d1.insertedAt(), d.insertedAt(), "insertedAt is the send time");
    }
  }

  @Test
  void rule5_anUndeletedMessageIsDeliveredAgainAfterItsVisibilityTimeout() {
    var q = queue();
    call(() -> q.send(messages(0, 3), Duration.ZERO));
    var first = call(() -> q.receive(32, unit()));
    assertEquals(Set.of(0, 1, 2), numbers(first));
    var again = new ArrayList<Delivery<ControlMessage>>();
    eventually(
        () ->
            q.receive(32, units(30))
                .map(
                    l -> {
                      again.addAll(l);
                      return again.size();
                    }),
        n -> n >= 3,
        units(1).plus(GRACE),
        "all three messages delivered again");
    assertEquals(Set.of(0, 1, 2), numbers(again));
    again.forEach(d -> assertEquals(2, d.dequeueCount(), "second delivery"));
  }

  @Test
  void rule6_deleteWithTheLatestReceiptRemovesTheMessageForGood() {
    var q = queue();
    call(() -> q.send(messages(0, 2), Duration.ZERO));
    var got = call(() -> q.receive(32, unit()));
    assertEquals(2, got.size());
    var deleted = got.stream().filter(d -> numberOf(d.message()) == 0).findFirst().orElseThrow();
    call(() -> q.delete(deleted));
    assertEquals(1L, call(q::approximateCount));

    var seen = new ArrayList<Delivery<ControlMessage>>();
    eventually(
        () -> q.receive(32, units(30)).map(l -> seen.addAll(l)),
        added -> added,
        units(1).plus(GRACE),
        "the undeleted message to come back");
    seen.addAll(call(() -> q.receive(32, units(30))));
    assertEquals(Set.of(1), numbers(seen), "the deleted message never comes back");
  }

  @Test
  void rule6_deleteWithAStaleReceiptConflictsAndLeavesTheMessage() {
    var q = queue();
    call(() -> q.send(List.of(controlMessage(3)), Duration.ZERO));
    var d1 = call(() -> q.receive(1, units(30))).get(0);
    var d2 = call(() -> q.updateVisibility(d1, Duration.ZERO));
    failure(Reason.CONFLICT, () -> q.delete(d1));
    assertEquals(1L, call(q::approximateCount), "the message stays");
    var d3 = call(() -> q.receive(1, units(30))).get(0);
    failure(Reason.CONFLICT, () -> q.delete(d2));
    assertEquals(d1.messageId(), d3.messageId());
    call(() -> q.delete(d3));
    assertEquals(0L, call(q::approximateCount));
  }

  @Test
  void rule6_deleteOfAMessageAlreadyGoneIsNotFound() {
    var q = queue();
    call(() -> q.send(List.of(controlMessage(4)), Duration.ZERO));
    var d = call(() -> q.receive(1, units(30))).get(0);
    call(() -> q.delete(d));
    failure(Reason.NOT_FOUND, () -> q.delete(d));
  }

  @Test
  void rule7_updateVisibilityToZeroMakesTheMessageVisibleAtOnceWithANewReceipt() {
    var q = queue();
    call(() -> q.send(List.of(controlMessage(5)), Duration.ZERO));
    var d1 = call(() -> q.receive(1, units(30))).get(0);
    var d2 = call(() -> q.updateVisibility(d1, Duration.ZERO));
    assertEquals(d1.messageId(), d2.messageId());
    assertEquals(d1.message(), d2.message());
    assertNotEquals(d1.receipt(), d2.receipt(), "the update returns a new receipt");
    var d3 = call(() -> q.receive(1, units(30)));
    assertEquals(1, d3.size(), "visible again at once");
    assertEquals(d1.messageId(), d3.get(0).messageId());
    assertEquals(2, d3.get(0).dequeueCount());
  }

  @Test
  void rule7_updateVisibilityHidesTheMessageForTheGivenTime() {
    var q = queue();
    call(() -> q.send(messages(0, 2), Duration.ZERO));
    var shortened = call(() -> q.receive(1, units(30))).get(0);
    var extended = call(() -> q.receive(1, unit())).get(0);
    call(() -> q.updateVisibility(shortened, unit()));
    call(() -> q.updateVisibility(extended, units(30)));
    assertEquals(List.of(), call(() -> q.receive(32, units(30))), "both hidden");

    var back =
        eventually(
            () -> q.receive(32, units(30)), l -> !l.isEmpty(), units(1).plus(GRACE), "redelivery");
    back = new ArrayList<>(back);
    back.addAll(call(() -> q.receive(32, units(30))));
    assertEquals(
        Set.of(numberOf(shortened.message())),
        numbers(back),
        "the shortened message is back, the extended one stays hidden");
  }

  @Test
  void rule7_updateVisibilityWithAStaleReceiptConflicts() {
    var q = queue();
    call(() -> q.send(List.of(controlMessage(6)), Duration.ZERO));
    var d1 = call(() -> q.receive(1, units(30))).get(0);
    call(() -> q.updateVisibility(d1, units(30)));
    failure(Reason.CONFLICT, () -> q.updateVisibility(d1, Duration.ZERO));
    assertEquals(
        List.of(), call(() -> q.receive(1, units(30))), "the failed update changed nothing");
  }

  @Test
  void rule8_messagesAreDeliveredInAboutTheOrderTheyBecameVisible() {
    var q = queue();
    for (int i = 0; i < 10; i++) {
      var m = controlMessage(i);
      call(() -> q.send(List.of(m), Duration.ZERO));
    }
    var order = new ArrayList<Integer>();
    for (int i = 0; i < 10; i++) {
      call(() -> q.receive(1, units(30))).forEach(d -> order.add(numberOf(d.message())));
    }
    assertEquals(Set.copyOf(IntStream.range(0, 10).boxed().toList()), new HashSet<>(order));
    for (int rank = 0; rank < order.size(); rank++) {
      assertTrue(
          Math.abs(order.get(rank) - rank) <= 3, "sent #" + order.get(rank) + " came " + rank);
    }
  }

  @Test
  void rule9_approximateCountCountsEveryMessageNotYetDeleted() {
    var q = queue();
    assertEquals(0L, call(q::approximateCount));
    call(() -> q.send(messages(0, 3), Duration.ZERO));
    call(() -> q.send(messages(3, 1), units(30)));
    assertEquals(4L, call(q::approximateCount), "visible and delayed");
    var got = call(() -> q.receive(2, units(30)));
    assertEquals(4L, call(q::approximateCount), "received but not deleted");
    call(() -> q.delete(got.get(0)));
    assertEquals(3L, call(q::approximateCount), "one deleted");
    var other = hub().controlQueue(2);
    assertEquals(0L, call(other::approximateCount), "queues are separate");
  }

  @Test
  void rule10_aMessageSetAsideIsNeverDeliveredAgainAndIsKeptWithItsReason() {
    var q = hub().controlQueue(3);
    var large =
        new ControlMessage(
            "inst-poison", "exec-1", everyEventType(jsonText(HUGE, 3), jsonText(LARGE, 4)).get(0));
    call(() -> q.send(List.of(large, controlMessage(1)), Duration.ZERO));
    var got = call(() -> q.receive(32, unit()));
    assertEquals(2, got.size());
    var poison = got.stream().filter(d -> d.message().equals(large)).findFirst().orElseThrow();
    call(() -> q.setAside(poison, "delivered too often"));
    assertEquals(1L, call(q::approximateCount), "set aside: no longer in the queue");

    var seen = new ArrayList<Delivery<ControlMessage>>();
    eventually(
        () -> q.receive(32, units(30)).map(l -> seen.addAll(l)),
        added -> added,
        units(1).plus(GRACE),
        "the other message to come back");
    seen.addAll(call(() -> q.receive(32, units(30))));
    assertEquals(Set.of(1), numbers(seen), "the message set aside never comes back");

    var aside = call(() -> q.setAsideMessages(10));
    assertEquals(1, aside.size());
    assertEquals(poison.messageId(), aside.get(0).messageId());
    assertEquals("delivered too often", aside.get(0).reason());
    assertEquals(1, aside.get(0).dequeueCount());
    assertEquals(large, aside.get(0).message(), "kept whole, whatever its size");
  }

  @Test
  void rule10_setAsideWithAStaleReceiptConflictsAndKeepsNothingAside() {
    var q = hub().controlQueue(3);
    call(() -> q.send(List.of(controlMessage(5)), Duration.ZERO));
    var d1 = call(() -> q.receive(1, units(30))).get(0);
    var d2 = call(() -> q.updateVisibility(d1, units(30)));
    failure(Reason.CONFLICT, () -> q.setAside(d1, "stale"));
    assertEquals(List.of(), call(() -> q.setAsideMessages(10)));
    assertEquals(1L, call(q::approximateCount), "the message stays");
    call(() -> q.setAside(d2, "current"));
    assertEquals(0L, call(q::approximateCount));
    assertEquals(
        List.of("current"),
        call(() -> q.setAsideMessages(10)).stream().map(m -> m.reason()).toList());
  }
}
