package dev.baton.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageQueue} under concurrent use: partitions and activity workers on different event
 * loops send and receive at once.
 */
abstract class QueueConcurrencyConformance extends ConformanceSupport {

  private static final int SENDERS = 8;
  private static final int PER_SENDER = 25;
  private static final int TOTAL = SENDERS * PER_SENDER;
  private static final int RECEIVERS = 4;

  @Test
  void rules2and4_concurrentSendsAndReceivesDeliverEveryMessageExactlyOnce() {
    var q = hub().workItemQueue();

    // 8 contexts over the event loops each send 25 items, 5 per call, all at once.
    var sends = new ArrayList<Future<Void>>();
    for (int s = 0; s < SENDERS; s++) {
      int sender = s;
      Context context = vertx().getOrCreateContext();
      Promise<Void> sent = Promise.promise();
      sends.add(sent.future());
      context.runOnContext(
          v -> {
            var calls = new ArrayList<Future<Void>>();
            for (int batch = 0; batch < PER_SENDER; batch += 5) {
              var items = new ArrayList<ActivityWorkItem>();
              for (int i = batch; i < batch + 5; i++) {
                items.add(new ActivityWorkItem("i" + sender, "e", i, "a", "\"" + sender + "\""));
              }
              calls.add(q.send(items, Duration.ZERO));
            }
            Future.all(calls).<Void>mapEmpty().onComplete(sent);
          });
    }
    call(() -> Future.all(sends).mapEmpty());
    assertEquals((long) TOTAL, call(q::approximateCount));

    // 4 competing receivers on their own contexts take them, hidden far longer than the test.
    var deliveries = new ConcurrentHashMap<String, AtomicInteger>();
    var received = new AtomicInteger();
    var dequeuedAgain = new AtomicInteger();
    var receivers = new ArrayList<Future<Void>>();
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (int r = 0; r < RECEIVERS; r++) {
      Context context = vertx().getOrCreateContext();
      Promise<Void> done = Promise.promise();
      receivers.add(done.future());
      context.runOnContext(
          v -> pump(q, deliveries, received, dequeuedAgain, deadline, done, new ArrayList<>()));
    }
    call(() -> Future.all(receivers).mapEmpty());

    assertEquals(TOTAL, deliveries.size(), "every message delivered");
    for (Map.Entry<String, AtomicInteger> e : deliveries.entrySet()) {
      assertEquals(1, e.getValue().get(), () -> e.getKey() + " delivered more than once");
    }
    assertEquals(0, dequeuedAgain.get(), "no delivery counted more than 1");
    assertEquals(TOTAL, received.get());
  }

  private void pump(
      MessageQueue<ActivityWorkItem> q,
      Map<String, AtomicInteger> deliveries,
      AtomicInteger received,
      AtomicInteger dequeuedAgain,
      long deadline,
      Promise<Void> done,
      List<Delivery<ActivityWorkItem>> mine) {
    if (received.get() >= TOTAL || System.nanoTime() > deadline) {
      // Delete what this receiver took, so the queue ends empty and the deletes run concurrently.
      Future.all(mine.stream().map(q::delete).toList()).<Void>mapEmpty().onComplete(done);
      return;
    }
    q.receive(32, units(60))
        .onFailure(done::fail)
        .onSuccess(
            batch -> {
              for (var d : batch) {
                var item = d.message();
                String key = item.instanceId() + "/" + item.taskId();
                deliveries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                if (d.dequeueCount() != 1) {
                  dequeuedAgain.incrementAndGet();
                }
                mine.add(d);
              }
              received.addAndGet(batch.size());
              if (batch.isEmpty()) {
                vertx()
                    .setTimer(
                        20,
                        id -> pump(q, deliveries, received, dequeuedAgain, deadline, done, mine));
              } else {
                pump(q, deliveries, received, dequeuedAgain, deadline, done, mine);
              }
            });
  }

  @Test
  void rule6_concurrentDeletesLeaveTheQueueEmpty() {
    var q = hub().controlQueue(3);
    var messages = new ArrayList<ControlMessage>();
    for (int i = 0; i < 64; i++) {
      messages.add(ConformanceData.controlMessage(i));
    }
    call(() -> q.send(messages, Duration.ZERO));
    var got = new ArrayList<Delivery<ControlMessage>>();
    long deadline = System.nanoTime() + GRACE.toNanos();
    while (got.size() < 64 && System.nanoTime() < deadline) {
      got.addAll(call(() -> q.receive(32, units(60))));
    }
    assertEquals(64, got.size());
    var deletes = new ArrayList<Future<Void>>();
    var contexts = List.of(vertx().getOrCreateContext(), vertx().getOrCreateContext());
    for (int i = 0; i < got.size(); i++) {
      var d = got.get(i);
      Promise<Void> p = Promise.promise();
      deletes.add(p.future());
      contexts.get(i % 2).runOnContext(v -> q.delete(d).onComplete(p));
    }
    call(() -> Future.all(deletes).mapEmpty());
    assertEquals(0L, call(q::approximateCount));
    assertTrue(call(() -> q.receive(32, units(60))).isEmpty());
  }
}
