package dev.baton.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * One page of a query's results.
 *
 * @param items the results of this page
 * @param continuation the token that fetches the next page, or {@code null} when this is the last
 *     one
 */
public record Page<T>(List<T> items, String continuation) {
  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  /** Whether more results follow this page. */
  public boolean hasMore() {
    return continuation != null;
  }
}
