package dev.baton.storage.memory;

import dev.baton.core.spi.Backend;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The in-memory backend: task hubs kept in this object, with the semantics of a real store
 * (visibility timeouts and redelivery, receipts, ETags, leases that lapse). It is Baton's embedded
 * default and the reference for every other backend. Hubs are keyed by name, so engines given the
 * same backend share them, as processes share an Azure Storage account; every call answers with an
 * already completed future. The clock drives delays, visibility timeouts and lease expiry:
 *
 * <pre>{@code
 * MemoryBackend shared = MemoryBackend.create(); // on the system clock
 * // two engines on one backend share its hubs: scale-out and failover in one JVM
 * Baton first = Baton.builder(vertx).backend(shared).build();
 * Baton second = Baton.builder(vertx).backend(shared).build();
 *
 * // in tests, moving testClock ahead makes delayed messages due and leases lapse at once
 * MemoryBackend timed = MemoryBackend.create(testClock);
 * }</pre>
 *
 * <p>Hub names follow Azure Storage's rule (3 to 45 letters and digits, starting with a letter,
 * case-insensitive), so a name that works here works in production.
 */
public final class MemoryBackend implements Backend {

  private static final Pattern HUB_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{2,44}");
  private static final int MAX_PARTITIONS = 16;

  private final Clock clock;
  private final ConcurrentHashMap<String, MemoryHub> hubs = new ConcurrentHashMap<>();
  private final AtomicLong etags = new AtomicLong();
  private final AtomicLong hubsCreated = new AtomicLong();

  private MemoryBackend(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A backend on the system clock. */
  public static MemoryBackend create() {
    return new MemoryBackend(Clock.systemUTC());
  }

  /** A backend whose delays, visibility timeouts and leases follow {@code clock}. */
  public static MemoryBackend create(Clock clock) {
    return new MemoryBackend(clock);
  }

  @Override
  public Future<TaskHubStore> open(Vertx vertx, String hubName, int partitionCount) {
    if (hubName == null || !HUB_NAME.matcher(hubName).matches()) {
      return Future.failedFuture(
          new StoreException(
              StoreException.Reason.INVALID_KEY,
              "invalid task hub name '"
                  + hubName
                  + "': use 3 to 45 letters and digits, starting with a letter"));
    }
    if (partitionCount < 1 || partitionCount > MAX_PARTITIONS) {
      return HubState.invalid(
          "partitionCount must be 1.." + MAX_PARTITIONS + ", was " + partitionCount);
    }
    String key = hubName.toLowerCase(Locale.ROOT);
    MemoryHub hub = hubs.computeIfAbsent(key, k -> newHub(k, hubName, partitionCount));
    if (hub.partitionCount() != partitionCount) {
      return HubState.conflict(
          "task hub '"
              + hubName
              + "' has "
              + hub.partitionCount()
              + " partitions and cannot be opened with "
              + partitionCount
              + "; open it with "
              + hub.partitionCount()
              + " or delete it first");
    }
    return Future.succeededFuture(hub);
  }

  /**
   * For test tools that move a clock ahead (such as {@code TestEnvironment}): when hub {@code
   * hubName} is quiet, meaning no message is visible and none is being processed, the time its
   * earliest delayed message (a durable timer, a scheduled start) becomes due; {@link Instant#MAX}
   * when it is quiet and nothing is due later. {@code null} while work is visible or in progress,
   * or when there is no such hub.
   */
  public Instant quietUntil(String hubName) {
    MemoryHub hub = hubName == null ? null : hubs.get(hubName.toLowerCase(Locale.ROOT));
    if (hub == null) {
      return null;
    }
    long until = hub.quietUntil();
    if (until < 0) {
      return null;
    }
    return until == Long.MAX_VALUE ? Instant.MAX : Instant.ofEpochMilli(until);
  }

  private MemoryHub newHub(String key, String name, int partitionCount) {
    var state = new HubState(name, clock, etags);
    String queuePrefix = "h" + hubsCreated.incrementAndGet() + "-";
    return new MemoryHub(state, partitionCount, queuePrefix, hub -> hubs.remove(key, hub));
  }
}
