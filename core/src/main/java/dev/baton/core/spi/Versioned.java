package dev.baton.core.spi;

import java.util.Objects;

/**
 * A value read from a store together with the ETag of the write that produced it.
 *
 * @param value the value
 * @param etag its ETag, to make the next write conditional
 */
public record Versioned<T>(T value, String etag) {
  public Versioned {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(etag, "etag");
  }
}
