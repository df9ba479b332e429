package dev.baton.core.spi;

import dev.baton.core.history.HistoryEvent;
import java.util.List;
import java.util.Objects;

/**
 * An instance's history as read from a {@link HistoryStore}, with the ETag that guards the next
 * append.
 *
 * @param events the events in order (empty when there is no history)
 * @param etag the ETag to pass to the next append, or {@code null} when there is no history
 */
public record StoredHistory(List<HistoryEvent> events, String etag) {
  /** The history of an instance that has none. */
  public static final StoredHistory EMPTY = new StoredHistory(List.of(), null);

  public StoredHistory {
    events = List.copyOf(Objects.requireNonNull(events, "events"));
  }
}
