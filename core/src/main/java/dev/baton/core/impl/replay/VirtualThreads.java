package dev.baton.core.impl.replay;

import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;

/**
 * Virtual threads for orchestrator and entity code. Where it is safe and the JVM allows it ({@code
 * --add-opens java.base/java.lang=ALL-UNNAMED} on JDK 24 or later), they run on a given scheduler,
 * so an orchestration's code runs on its partition's event loop between two awaits: no thread
 * hand-off per episode, and the loop is free again the moment the code parks. Elsewhere they run on
 * the JDK's default scheduler, with the same results.
 *
 * <p>Before JDK 24 a virtual thread that parks inside {@code synchronized} pins its carrier (JEP
 * 491 lifted this): on an event-loop scheduler that would park the event loop itself and stall
 * every verticle on it, so {@link #placement(boolean, int, boolean)} never chooses the event loop
 * there.
 */
public final class VirtualThreads {

  private static final Constructor<?> WITH_SCHEDULER = lookup();

  private VirtualThreads() {}

  private static Constructor<?> lookup() {
    try {
      Class<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
      Constructor<?> c = builder.getDeclaredConstructor(Executor.class);
      c.setAccessible(true);
      return c;
    } catch (ReflectiveOperationException | RuntimeException notOpen) {
      return null;
    }
  }

  /** The first JDK on which a virtual thread parked in {@code synchronized} frees its carrier. */
  public static final int FIRST_SAFE_FEATURE = 24;

  /** Whether this runtime frees a carrier parked in {@code synchronized}. */
  private static final boolean SAFE = Runtime.version().feature() >= FIRST_SAFE_FEATURE;

  /** Where user code runs, and why: the engine logs the reason once at start. */
  public record Placement(boolean onEventLoop, String reason) {}

  /** The placement for this JVM when {@code requested} asks for the event loop. */
  public static Placement placement(boolean requested) {
    return placement(requested, Runtime.version().feature(), customSchedulerAvailable());
  }

  /**
   * The rule: user code runs on the partition's event loop only when it was asked for, the runtime
   * is JDK {@value #FIRST_SAFE_FEATURE} or later (no carrier pinning in {@code synchronized}) and
   * the JVM allows a chosen scheduler; otherwise on the JDK's default virtual-thread scheduler.
   */
  public static Placement placement(boolean requested, int feature, boolean hookAvailable) {
    if (!requested) {
      return new Placement(false, "on the JDK's default virtual-thread scheduler, as configured");
    }
    if (feature < FIRST_SAFE_FEATURE) {
      return new Placement(
          false,
          "on the JDK's default virtual-thread scheduler: JDK "
              + feature
              + " pins a virtual thread that waits inside synchronized to its carrier, which on"
              + " an event loop would stall every verticle on it (JDK "
              + FIRST_SAFE_FEATURE
              + "+ needed)");
    }
    if (!hookAvailable) {
      return new Placement(
          false,
          "on the JDK's default virtual-thread scheduler: the JVM lacks"
              + " --add-opens=java.base/java.lang=ALL-UNNAMED");
    }
    return new Placement(true, "on the partitions' event loops (JDK " + feature + ")");
  }

  /**
   * Whether virtual threads run on the scheduler {@link #builder} is given: this JVM allows it and
   * is JDK {@value #FIRST_SAFE_FEATURE} or later.
   */
  public static boolean schedulerChoosable() {
    return WITH_SCHEDULER != null && SAFE;
  }

  /** Whether virtual threads can run on a chosen scheduler in this JVM. */
  public static boolean customSchedulerAvailable() {
    return WITH_SCHEDULER != null;
  }

  /**
   * A builder of virtual threads that run on {@code scheduler}, or on the default scheduler when
   * {@code scheduler} is null, this JVM does not allow it, or this runtime is older than JDK 24.
   */
  public static Thread.Builder.OfVirtual builder(Executor scheduler) {
    if (scheduler != null && schedulerChoosable()) {
      try {
        return (Thread.Builder.OfVirtual) WITH_SCHEDULER.newInstance(scheduler);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return Thread.ofVirtual();
      }
    }
    return Thread.ofVirtual();
  }
}
