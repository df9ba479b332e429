package dev.baton.storage.azure.impl;

import com.azure.core.util.BinaryData;
import com.azure.storage.queue.QueueAsyncClient;
import com.azure.storage.queue.models.PeekedMessageItem;
import com.azure.storage.queue.models.QueueMessageItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.core.BatonOptions;
import dev.baton.core.impl.LogSafe;
import dev.baton.core.spi.Delivery;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.SetAsideMessage;
import dev.baton.core.spi.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MessageQueue} on an Azure Storage queue. Messages are JSON text; one over 45 KB is
 * gzipped into {@code {hub}-largemessages} and the queue message carries {@code {"messageBlobName":
 * ...}} instead, read back transparently.
 *
 * <p>Azure counts visibility in whole seconds, at most 7 days: delays and visibility timeouts are
 * rounded up to a second. A message sent with a longer delay carries its due time ({@code
 * visibleAt}) and is put back with the remaining delay each time it surfaces early, so delays of
 * any length hold. Messages never expire.
 *
 * <p>Damage stays with one message: a message that is not Baton's (not JSON nor Base64 of JSON, a
 * field missing or of the wrong type), or whose blob is gone or corrupt, is moved aside at once
 * while the rest of its batch is delivered; one whose blob a failing store could not fetch comes
 * back after its visibility timeout and is moved aside after {@link #MAX_UNREADABLE_DEQUEUES}
 * deliveries. Aside means the queue {@code {name}-poison}, where the engine's poison messages go
 * too, as {@code {"setAside": {"messageId", "reason", "dequeueCount", "at"}, "message": {...}}}
 * ({@code "text"}, the body as received, instead for one that could not be decoded), where {@link
 * #setAsideMessages} peeks at it.
 */
final class AzureQueue<M> implements MessageQueue<M> {

  private static final Logger LOG = LoggerFactory.getLogger(AzureQueue.class);
  static final Duration MAX_VISIBILITY = Duration.ofDays(7);
  private static final Duration NEVER_EXPIRE = Duration.ofSeconds(-1);
  private static final int MAX_RECEIVE = 32;

  /**
   * How often a message whose blob a failing store could not fetch is received before it is set
   * aside: the engine's default limit ({@link BatonOptions#DEFAULT_MAX_DEQUEUE_COUNT}).
   */
  static final int MAX_UNREADABLE_DEQUEUES = BatonOptions.DEFAULT_MAX_DEQUEUE_COUNT;

  private static final String BLOB_FIELD = "messageBlobName";
  private static final String VISIBLE_AT_FIELD = "visibleAt";
  private static final String SET_ASIDE_FIELD = "setAside";
  private static final String SET_ASIDE_MESSAGE_FIELD = "message";
  private static final String SET_ASIDE_TEXT_FIELD = "text";

  private final Vertx vertx;
  private final QueueAsyncClient queue;
  private final QueueAsyncClient poison;
  private final MessageCodec<M> codec;
  private final LargePayloads blobs;

  /** The large-payload blobs of the messages received here and not yet deleted. */
  private final Map<String, String> blobOfMessage = new ConcurrentHashMap<>();

  AzureQueue(
      Vertx vertx,
      QueueAsyncClient queue,
      QueueAsyncClient poison,
      MessageCodec<M> codec,
      LargePayloads blobs) {
    this.vertx = vertx;
    this.queue = queue;
    this.poison = poison;
    this.codec = codec;
    this.blobs = blobs;
  }

  String name() {
    return queue.getQueueName();
  }

  @Override
  public Future<Void> send(List<M> messages, Duration delay) {
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      return Future.failedFuture(new IllegalArgumentException("negative delay " + delay));
    }
    var sends = new ArrayList<Future<Void>>(messages.size());
    for (M message : messages) {
      var node = codec.encode(message);
      if (delay.compareTo(MAX_VISIBILITY) > 0) {
        node.put(VISIBLE_AT_FIELD, Instant.now().plus(delay).toString());
      }
      String text = MessageCodec.write(node);
      Future<String> body;
      if (text.length() > LargePayloads.MAX_MESSAGE_BYTES) {
        body =
            blobs
                .write(LargePayloads.newBlobName("messages"), text)
                .map(
                    name ->
                        MessageCodec.write(
                            MessageCodec.JSON.createObjectNode().put(BLOB_FIELD, name)));
      } else {
        body = Future.succeededFuture(text);
      }
      sends.add(body.compose(t -> sendText(t, delay)));
    }
    return Future.all(sends).mapEmpty();
  }

  private Future<Void> sendText(String text, Duration delay) {
    Duration visibility = delay.isZero() ? null : wholeSeconds(delay, Duration.ZERO);
    return Async.future(
            vertx,
            queue.sendMessageWithResponse(BinaryData.fromString(text), visibility, NEVER_EXPIRE),
            "send to queue " + name())
        .mapEmpty();
  }

  @Override
  public Future<List<Delivery<M>>> receive(int max, Duration visibilityTimeout) {
    if (max < 1) {
      return Future.failedFuture(new IllegalArgumentException("max must be positive: " + max));
    }
    Duration visibility = wholeSeconds(visibilityTimeout, Duration.ofSeconds(1));
    return Async.future(
            vertx,
            queue.receiveMessages(Math.min(max, MAX_RECEIVE), visibility).collectList(),
            "receive from queue " + name())
        .compose(
            items -> {
              var decoded = new ArrayList<Future<Delivery<M>>>(items.size());
              for (QueueMessageItem item : items) {
                decoded.add(decode(item));
              }
              return Future.all(decoded)
                  .map(
                      all -> {
                        var out = new ArrayList<Delivery<M>>(items.size());
                        for (int i = 0; i < items.size(); i++) {
                          Delivery<M> d = all.resultAt(i);
                          if (d != null) {
                            out.add(d);
                          }
                        }
                        return out;
                      });
            });
  }

  /**
   * The delivery of {@code item}, or {@code null} when it is not due yet, was set aside, or is left
   * for a later receive: whatever is wrong with one message stays with that message, and the rest
   * of the batch is delivered.
   */
  private Future<Delivery<M>> decode(QueueMessageItem item) {
    String text = item.getBody() == null ? "" : item.getBody().toString();
    Future<Delivery<M>> decoded;
    try {
      decoded = decode(item, text);
    } catch (RuntimeException e) {
      decoded = Future.failedFuture(e);
    }
    return decoded.recover(t -> damaged(item, text, t));
  }

  private Future<Delivery<M>> decode(QueueMessageItem item, String text) {
    JsonNode outer = MessageCodec.readBody(text);
    JsonNode blobName = outer.get(BLOB_FIELD);
    if (blobName != null && (!blobName.isTextual() || blobName.textValue().isEmpty())) {
      throw new IllegalArgumentException("'" + BLOB_FIELD + "' is not a blob name");
    }
    Future<JsonNode> inner =
        blobName == null
            ? Future.succeededFuture(outer)
            : blobs
                .read(blobName.textValue())
                .map(
                    body -> {
                      JsonNode json = MessageCodec.read(body);
                      blobOfMessage.put(item.getMessageId(), blobName.textValue());
                      return json;
                    });
    return inner.compose(
        json -> {
          JsonNode visibleAt = json.get(VISIBLE_AT_FIELD);
          if (visibleAt != null) {
            Duration left = Duration.between(Instant.now(), Instant.parse(visibleAt.asText()));
            if (left.compareTo(Duration.ofSeconds(1)) > 0) {
              Duration again = left.compareTo(MAX_VISIBILITY) > 0 ? MAX_VISIBILITY : left;
              blobOfMessage.remove(item.getMessageId()); // the blob goes on with the new message
              return sendText(text, again)
                  .compose(v -> deleteMessage(item.getMessageId(), item.getPopReceipt()))
                  .map(v -> (Delivery<M>) null)
                  .otherwise((Delivery<M>) null); // it comes back after its visibility timeout
            }
          }
          M message;
          try {
            message = codec.decode(json);
          } catch (RuntimeException e) {
            blobOfMessage.remove(item.getMessageId()); // its blob stays, named in the poison copy
            return Future.failedFuture(e);
          }
          return Future.succeededFuture(
              new Delivery<>(
                  item.getMessageId(),
                  receipt(item.getMessageId(), item.getPopReceipt()),
                  (int) item.getDequeueCount(),
                  item.getInsertionTime().toInstant(),
                  message));
        });
  }

  /**
   * A message that could not be read. A store that failed (its blob could not be fetched just now)
   * leaves it hidden until its visibility timeout, to be read again, and sets it aside only once it
   * has been received {@link #MAX_UNREADABLE_DEQUEUES} times; anything else (not Baton's format,
   * corrupt JSON or Base64, a blob that is gone or is not gzipped JSON) cannot get better and sets
   * it aside at once. Either way it is logged by id, and answers {@code null}.
   */
  private Future<Delivery<M>> damaged(QueueMessageItem item, String text, Throwable why) {
    blobOfMessage.remove(item.getMessageId());
    boolean storeFailed =
        why instanceof StoreException se
            && se.reason() != StoreException.Reason.NOT_FOUND
            && se.reason() != StoreException.Reason.INVALID_KEY;
    if (storeFailed && item.getDequeueCount() < MAX_UNREADABLE_DEQUEUES) {
      LOG.warn(
          "queue {}: message {} could not be read (delivery {}), it is left for a later receive: {}",
          name(),
          item.getMessageId(),
          item.getDequeueCount(),
          LogSafe.text(why));
      return Future.succeededFuture();
    }
    String reason =
        (storeFailed
                ? "could not be read in " + item.getDequeueCount() + " deliveries: "
                : "cannot be decoded: ")
            + why.getMessage();
    return moveToPoison(item, text, reason);
  }

  private Future<Delivery<M>> moveToPoison(QueueMessageItem item, String text, String reason) {
    LOG.warn(
        "queue {}: message {} {}; moving it to {}",
        name(),
        item.getMessageId(),
        LogSafe.text(reason),
        poison.getQueueName());
    ObjectNode wrapper = setAsideWrapper(item.getMessageId(), reason, (int) item.getDequeueCount());
    wrapper.put(SET_ASIDE_TEXT_FIELD, text);
    return sendToPoison(wrapper)
        .compose(sent -> deleteMessage(item.getMessageId(), item.getPopReceipt()))
        .map(v -> (Delivery<M>) null)
        .otherwise(
            t -> {
              LOG.warn(
                  "queue {}: message {} could not be set aside yet, it comes back: {}",
                  name(),
                  item.getMessageId(),
                  LogSafe.text(t));
              return null;
            });
  }

  @Override
  public Future<Void> setAside(Delivery<M> delivery, String reason) {
    if (reason == null) {
      return Future.failedFuture(new IllegalArgumentException("reason must not be null"));
    }
    ObjectNode wrapper = setAsideWrapper(delivery.messageId(), reason, delivery.dequeueCount());
    wrapper.set(SET_ASIDE_MESSAGE_FIELD, codec.encode(delivery.message()));
    // the receipt is proven first (and the message hidden), so a stale one leaves no copy behind
    return updateVisibility(delivery, MAX_VISIBILITY)
        .compose(hidden -> sendToPoison(wrapper).compose(v -> delete(hidden)));
  }

  private static ObjectNode setAsideWrapper(String messageId, String reason, int dequeueCount) {
    ObjectNode wrapper = MessageCodec.JSON.createObjectNode();
    wrapper
        .putObject(SET_ASIDE_FIELD)
        .put("messageId", messageId)
        .put("reason", reason)
        .put("dequeueCount", dequeueCount)
        .put("at", Instant.now().toString());
    return wrapper;
  }

  /** Sends a set-aside message to the poison queue, through a blob when it is large. */
  private Future<Void> sendToPoison(ObjectNode wrapper) {
    String text = MessageCodec.write(wrapper);
    Future<String> body =
        text.length() <= LargePayloads.MAX_MESSAGE_BYTES
            ? Future.succeededFuture(text)
            : blobs
                .write(LargePayloads.newBlobName("messages"), text)
                .map(
                    blob ->
                        MessageCodec.write(
                            MessageCodec.JSON.createObjectNode().put(BLOB_FIELD, blob)));
    return Async.future(vertx, poison.createIfNotExists(), "create queue " + poison.getQueueName())
        .compose(
            created ->
                body.compose(
                    t ->
                        Async.future(
                            vertx,
                            poison.sendMessageWithResponse(
                                BinaryData.fromString(t), null, NEVER_EXPIRE),
                            "send to queue " + poison.getQueueName())))
        .mapEmpty();
  }

  @Override
  public Future<List<SetAsideMessage<M>>> setAsideMessages(int max) {
    if (max < 1) {
      return Future.failedFuture(new IllegalArgumentException("max must be positive: " + max));
    }
    return Async.future(
            vertx,
            poison.peekMessages(Math.min(max, MAX_RECEIVE)).collectList(),
            "peek queue " + poison.getQueueName())
        .recover(
            t ->
                Async.status(t) == 404
                    ? Future.succeededFuture(List.of()) // nothing was ever set aside
                    : Future.failedFuture(t))
        .compose(
            items -> {
              var read = new ArrayList<Future<SetAsideMessage<M>>>(items.size());
              for (PeekedMessageItem item : items) {
                read.add(readSetAside(item.getMessageId(), item.getBody().toString()));
              }
              return Future.all(read).map(all -> all.<SetAsideMessage<M>>list());
            });
  }

  /** A poison queue entry; one that cannot be read is shown as its raw text. */
  private Future<SetAsideMessage<M>> readSetAside(String poisonId, String text) {
    Future<JsonNode> wrapper;
    try {
      JsonNode outer = MessageCodec.read(text);
      JsonNode blob = outer.get(BLOB_FIELD);
      wrapper =
          blob == null
              ? Future.succeededFuture(outer)
              : blobs.read(blob.asText()).map(MessageCodec::read);
    } catch (RuntimeException e) {
      wrapper = Future.failedFuture(e);
    }
    return wrapper
        .map(
            w -> {
              JsonNode about = w.path(SET_ASIDE_FIELD);
              JsonNode message = w.get(SET_ASIDE_MESSAGE_FIELD);
              JsonNode raw = w.get(SET_ASIDE_TEXT_FIELD);
              return new SetAsideMessage<>(
                  about.path("messageId").asText(poisonId),
                  about.path("reason").asText("set aside"),
                  about.path("dequeueCount").asInt(),
                  about.has("at") ? Instant.parse(about.get("at").asText()) : Instant.EPOCH,
                  message == null ? null : codec.decode(message),
                  raw != null ? raw.asText() : message == null ? text : null);
            })
        .otherwise(
            t ->
                new SetAsideMessage<>(
                    poisonId, "unreadable: " + t.getMessage(), 0, Instant.EPOCH, null, text));
  }

  @Override
  public Future<Void> delete(Delivery<M> delivery) {
    return deleteMessage(delivery.messageId(), popReceipt(delivery))
        .compose(
            v -> {
              String blob = blobOfMessage.remove(delivery.messageId());
              return blob == null ? Future.succeededFuture() : blobs.deleteQuietly(List.of(blob));
            });
  }

  private Future<Void> deleteMessage(String messageId, String receipt) {
    return Async.future(
            vertx,
            queue.deleteMessageWithResponse(messageId, receipt),
            "delete message " + messageId + " from queue " + name())
        .mapEmpty();
  }

  @Override
  public Future<Delivery<M>> updateVisibility(Delivery<M> delivery, Duration delay) {
    Duration visibility = wholeSeconds(delay, Duration.ZERO);
    return Async.future(
            vertx,
            queue.updateMessageWithResponse(
                delivery.messageId(), popReceipt(delivery), null, visibility),
            "update message " + delivery.messageId() + " in queue " + name())
        .map(
            r ->
                new Delivery<>(
                    delivery.messageId(),
                    receipt(delivery.messageId(), r.getValue().getPopReceipt()),
                    delivery.dequeueCount(),
                    delivery.insertedAt(),
                    delivery.message()));
  }

  @Override
  public Future<Long> approximateCount() {
    return Async.future(vertx, queue.getProperties(), "count queue " + name())
        .map(p -> (long) p.getApproximateMessagesCount());
  }

  /**
   * A delivery's receipt: the message id and Azure's pop receipt. Azure's pop receipts alone may
   * repeat across the messages of one receive; with the id they are unique.
   */
  private static String receipt(String messageId, String popReceipt) {
    return messageId + "/" + popReceipt;
  }

  private static String popReceipt(Delivery<?> delivery) {
    String prefix = delivery.messageId() + "/";
    String receipt = delivery.receipt();
    return receipt.startsWith(prefix) ? receipt.substring(prefix.length()) : receipt;
  }

  /** {@code d} rounded up to whole seconds, at least {@code min}, at most 7 days. */
  static Duration wholeSeconds(Duration d, Duration min) {
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    Duration rounded = Duration.ofSeconds(seconds);
    if (rounded.compareTo(min) < 0) {
      return min;
    }
    return rounded.compareTo(MAX_VISIBILITY) > 0 ? MAX_VISIBILITY : rounded;
  }
}
