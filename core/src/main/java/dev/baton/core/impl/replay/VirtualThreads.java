package dev.baton.core.impl.replay;

import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;

/**
 * Virtual threads for orchestrator code. Where the JVM allows it ({@code --add-opens
 * java.base/java.lang=ALL-UNNAMED}), they run on a given scheduler, so an orchestration's code runs
 * on its partition's event loop between two awaits: no thread hand-off per episode, and the loop is
 * free again the moment the code parks. Elsewhere they run on the JDK's default scheduler, with the
 * same results.
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

  /** Whether virtual threads can run on a chosen scheduler in this JVM. */
  public static boolean customSchedulerAvailable() {
    return WITH_SCHEDULER != null;
  }

  /**
   * A builder of virtual threads that run on {@code scheduler}, or on the default scheduler when
   * {@code scheduler} is null or this JVM does not allow it.
   */
  public static Thread.Builder.OfVirtual builder(Executor scheduler) {
    if (scheduler != null && WITH_SCHEDULER != null) {
      try {
        return (Thread.Builder.OfVirtual) WITH_SCHEDULER.newInstance(scheduler);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return Thread.ofVirtual();
      }
    }
    return Thread.ofVirtual();
  }
}
