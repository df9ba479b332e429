package dev.baton.storage.azure;

import static dev.baton.storage.azure.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.models.BlobItem;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.ActivityWorkItem;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.PayloadStore;
import dev.baton.core.spi.SetAsideMessage;
import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Damage stays with one message: bad messages written straight into a hub's queues are set aside
 * (to {@code {queue}-poison}) while the good ones received in the same batch are delivered.
 */
class AzureQueueDamageTest extends RawHubTest {

  private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

  @Override
  protected int partitions() {
    return 1;
  }

  private static ControlMessage event(String instanceId, String payload) {
    return new ControlMessage(
        instanceId, "exec", new HistoryEvent.EventRaised(T, "go", payload, "m-" + instanceId));
  }

  /** Writes {@code body} into {@code queue} as it is, past Baton's codec. */
  private String put(String queue, String body) {
    return raw.queues().getQueueAsyncClient(queue).sendMessage(body).block().getMessageId();
  }

  private List<String> blobs() {
    return raw.blobs()
        .getBlobContainerAsyncClient(names.largeMessagesContainer())
        .listBlobs()
        .map(BlobItem::getName)
        .collectList()
        .block();
  }

  private static <M> Set<String> texts(List<SetAsideMessage<M>> aside) {
    return aside.stream().map(SetAsideMessage::text).collect(Collectors.toSet());
  }

  @Test
  void badControlMessagesAreSetAsideOneByOneAndTheRestOfTheBatchIsDelivered() {
    MessageQueue<ControlMessage> queue = hub.controlQueue(0);
    String queueName = names.controlQueue(0);
    // a large message whose blob is then deleted
    result(
        queue.send(List.of(event("lost-blob", "\"" + "z".repeat(60_000) + "\"")), Duration.ZERO));
    List<String> lostBlobs = blobs();
    assertEquals(1, lostBlobs.size());
    raw.blobs()
        .getBlobContainerAsyncClient(names.largeMessagesContainer())
        .getBlobAsyncClient(lostBlobs.get(0))
        .delete()
        .block();
    String lostText =
        raw.queues().getQueueAsyncClient(queueName).peekMessage().block().getBody().toString();

    ControlMessage good1 = event("good-1", "1");
    ControlMessage big = event("good-big", "\"" + "y".repeat(60_000) + "\"");
    ControlMessage good2 = event("good-2", "2");
    result(queue.send(List.of(good1), Duration.ZERO));
    List<String> bad =
        List.of(
            "not a message at all",
            "{\"instanceId\": \"x\", \"event\": {\"eventType\":",
            "{\"hello\": \"world\"}",
            "{\"instanceId\": \"x\", \"event\": {\"eventType\": \"NoSuchEvent\"}}",
            "{\"instanceId\": 7, \"event\": {}}",
            Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8)),
            "@@not-base64@@",
            "{\"messageBlobName\": \"messages/never-written.json.gz\"}",
            "{\"messageBlobName\": 42}");
    var badIds = new HashSet<String>();
    for (String text : bad) {
      badIds.add(put(queueName, text));
    }
    result(queue.send(List.of(big), Duration.ZERO));
    // a good message as a queue client set to Base64 writes it
    String goodJson =
        "{\"instanceId\":\"good-b64\",\"executionId\":\"exec\",\"event\":"
            + dev.baton.core.history.HistoryJson.encode(event("good-b64", "3").event())
            + "}";
    put(queueName, Base64.getEncoder().encodeToString(goodJson.getBytes(StandardCharsets.UTF_8)));
    result(queue.send(List.of(good2), Duration.ZERO));

    List<Delivery<ControlMessage>> got = result(queue.receive(32, Duration.ofSeconds(30)));
    assertEquals(
        Set.of(good1, big, good2, event("good-b64", "3")),
        got.stream().map(Delivery::message).collect(Collectors.toSet()),
        "every good message of the batch is delivered");

    var aside = result(queue.setAsideMessages(32));
    var expected = new HashSet<>(bad);
    expected.add(lostText);
    assertEquals(expected, texts(aside), "exactly the bad ones are set aside, as they were");
    for (SetAsideMessage<ControlMessage> m : aside) {
      assertTrue(m.reason().startsWith("cannot be decoded"), m.reason());
      assertNull(m.message());
      assertEquals(1, m.dequeueCount());
    }
    assertTrue(
        aside.stream()
            .map(SetAsideMessage::messageId)
            .collect(Collectors.toSet())
            .containsAll(badIds),
        "each is set aside under its own message id");
    assertEquals(4L, result(queue.approximateCount()), "only the good ones are left in the queue");
    for (Delivery<ControlMessage> d : got) {
      result(queue.delete(d));
    }
    assertEquals(List.of(), blobs(), "the big message's blob went with it");
  }

  @Test
  void badWorkItemsAreSetAsideAndTheGoodOneIsDelivered() {
    MessageQueue<ActivityWorkItem> queue = hub.workItemQueue();
    String queueName = names.workItemQueue();
    var good = new ActivityWorkItem("inst", "exec", 3, "hello", "\"x\"");
    List<String> bad =
        List.of(
            "{\"instanceId\":\"i\",\"executionId\":\"e\",\"name\":\"a\"}",
            "{\"instanceId\":\"i\",\"executionId\":\"e\",\"taskId\":\"x\",\"name\":\"a\"}",
            "{\"instanceId\":\"i\",\"executionId\":\"e\",\"taskId\":1,\"name\":\"a\",\"input\":5}",
            "{\"instanceId\":\"\",\"executionId\":\"e\",\"taskId\":1,\"name\":\"a\"}");
    for (String text : bad) {
      put(queueName, text);
    }
    result(queue.send(List.of(good), Duration.ZERO));
    var got = result(queue.receive(32, Duration.ofSeconds(30)));
    assertEquals(List.of(good), got.stream().map(Delivery::message).toList());
    assertEquals(new HashSet<>(bad), texts(result(queue.setAsideMessages(32))));
  }

  @Test
  void aBlobAFailingStoreCannotFetchComesBackAndIsSetAsideOnlyAtTheLimit() {
    var failing = new AtomicBoolean(true);
    PayloadStore payloads = hub.payloads();
    PayloadStore flaky =
        new PayloadStore() {
          @Override
          public Future<Void> put(String name, Buffer data) {
            return payloads.put(name, data);
          }

          @Override
          public Future<Buffer> get(String name) {
            return failing.get()
                ? Future.failedFuture(
                    new StoreException(StoreException.Reason.UNAVAILABLE, "injected: " + name))
                : payloads.get(name);
          }

          @Override
          public Future<Boolean> delete(String name) {
            return payloads.delete(name);
          }
        };
    MessageQueue<ControlMessage> queue = hub.withPayloads(flaky).controlQueue(0);
    ControlMessage big = event("flaky-big", "\"" + "w".repeat(60_000) + "\"");
    ControlMessage small = event("flaky-small", "1");
    result(queue.send(List.of(big, small), Duration.ZERO));

    var first = result(queue.receive(32, Duration.ofSeconds(1)));
    assertEquals(List.of(small), first.stream().map(Delivery::message).toList());
    assertEquals(List.of(), result(queue.setAsideMessages(32)), "a store failure is not damage");
    result(queue.delete(first.get(0)));

    failing.set(false);
    Delivery<ControlMessage> again = receiveOne(queue);
    assertEquals(big, again.message(), "it comes back and reads once the store answers");
    assertEquals(2, again.dequeueCount());
    result(queue.updateVisibility(again, Duration.ZERO));

    failing.set(true);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    List<SetAsideMessage<ControlMessage>> aside = List.of();
    while (aside.isEmpty() && System.nanoTime() < deadline) {
      assertEquals(List.of(), result(queue.receive(32, Duration.ofSeconds(1))));
      aside = result(queue.setAsideMessages(32));
    }
    assertEquals(1, aside.size(), "set aside within the deadline");
    assertEquals(10, aside.get(0).dequeueCount());
    assertTrue(
        aside.get(0).reason().startsWith("could not be read in 10 deliveries"),
        aside.get(0).reason());
    assertEquals(0L, result(queue.approximateCount()));
  }

  private static Delivery<ControlMessage> receiveOne(MessageQueue<ControlMessage> queue) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      var got = result(queue.receive(1, Duration.ofSeconds(30)));
      if (!got.isEmpty()) {
        return got.get(0);
      }
    }
    throw new AssertionError("nothing came back within 30 s");
  }
}
