package dev.baton.core.engine;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records Vert.x's blocked-thread reports, so a test can fail when an event loop was blocked. The
 * checker itself stays on with its default limits (it warns after 2 s); a report counts here past a
 * limit ({@link #LIMIT_MILLIS} by default), so a loaded machine's scheduling stalls do not fail a
 * test while any real blocking call still does.
 */
public final class BlockedLoops {

  /** How long a loop may be held before it counts as blocked, unless a test says otherwise. */
  public static final long LIMIT_MILLIS = 5_000;

  private final List<String> reports = new CopyOnWriteArrayList<>();

  private BlockedLoops() {}

  /** Starts recording the reports of {@code vertx} past {@link #LIMIT_MILLIS}. */
  public static BlockedLoops watch(Vertx vertx) {
    return watch(vertx, LIMIT_MILLIS);
  }

  /** Starts recording the reports of {@code vertx} past {@code limitMillis}. */
  public static BlockedLoops watch(Vertx vertx, long limitMillis) {
    var loops = new BlockedLoops();
    ((VertxInternal) vertx)
        .blockedThreadChecker()
        .setThreadBlockedHandler(
            event -> {
              String line =
                  event.thread().getName()
                      + " blocked for "
                      + event.duration() / 1_000_000
                      + " ms (limit "
                      + event.maxExecTime() / 1_000_000
                      + " ms)";
              System.err.println("BLOCKED EVENT LOOP: " + line);
              if (event.duration() / 1_000_000 >= limitMillis) {
                loops.reports.add(line);
              }
            });
    return loops;
  }

  /** The reports so far; empty when no thread was blocked. */
  public List<String> reports() {
    return List.copyOf(reports);
  }

  /** Forgets the reports so far (a test that blocked a loop on purpose). */
  public void clear() {
    reports.clear();
  }
}
