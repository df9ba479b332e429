package dev.baton.web;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records Vert.x's blocked-thread reports, so a test can fail when an event loop was blocked. The
 * checker itself stays on with its default limits.
 */
public final class BlockedLoops {

  private final List<String> reports = new CopyOnWriteArrayList<>();

  private BlockedLoops() {}

  /** Starts recording the reports of {@code vertx}. */
  public static BlockedLoops watch(Vertx vertx) {
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
              loops.reports.add(line);
            });
    return loops;
  }

  /** The reports so far; empty when no thread was blocked. */
  public List<String> reports() {
    return List.copyOf(reports);
  }
}
