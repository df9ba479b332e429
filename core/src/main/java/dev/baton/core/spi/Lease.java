package dev.baton.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The right of one owner to process one partition until {@code expiresAt}.
 *
 * @param partition the partition index
 * @param owner the id of the engine that holds it
 * @param token the ETag of the lease, needed to renew or release it
 * @param expiresAt when it lapses unless renewed
 */
public record Lease(int partition, String owner, String token, Instant expiresAt) {
  public Lease {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
