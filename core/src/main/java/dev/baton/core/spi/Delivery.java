package dev.baton.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A message received from a {@link MessageQueue}, invisible to other receivers until its visibility
 * timeout ends or it is deleted.
 *
 * @param messageId the message's id, the same on every delivery of it
 * @param receipt the proof of this delivery; deleting or updating needs the latest one
 * @param dequeueCount how many times the message was delivered, this time included (1 first)
 * @param insertedAt when the message was sent
 * @param message the message
 */
public record Delivery<M>(
    String messageId, String receipt, int dequeueCount, Instant insertedAt, M message) {
  public Delivery {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(message, "message");
  }
}
