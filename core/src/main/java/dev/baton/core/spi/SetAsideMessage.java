package dev.baton.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A message taken out of its queue because it could not be processed (a poison message), kept for
 * an operator to inspect and, if need be, send again.
 *
 * @param messageId the id it had in its queue
 * @param reason why it was set aside
 * @param dequeueCount how many times it had been delivered
 * @param setAsideAt when it was set aside
 * @param message the message, or {@code null} when it could not even be decoded
 * @param text the message as the store held it, for one that could not be decoded (else {@code
 *     null})
 */
public record SetAsideMessage<M>(
    String messageId, String reason, int dequeueCount, Instant setAsideAt, M message, String text) {
  public SetAsideMessage {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(setAsideAt, "setAsideAt");
  }
}
