package dev.baton.core.activity;

/**
 * How an activity runs, given with {@code Baton.Builder.addActivity(name, activity, options)}. By
 * default an activity runs on a virtual thread, so it may block: of the JDK's default scheduler,
 * or, while few other activities run and the JVM allows it, carried by Baton's own activity
 * carriers, which wait awake a moment for a chain's next step. One marked {@linkplain
 * #setOnEventLoop on the event loop} runs on a virtual thread carried by the event loop of the
 * worker that took it (the calling partition's, when it runs where it was called): no thread
 * hand-off on the way in or out, which is most of the cost of a short activity. Such an activity
 * must not hold its carrier: a blocking call that parks the virtual thread (sleeping, socket I/O,
 * locks, awaiting a Vert.x future) frees the event loop, but long CPU work, file I/O or native
 * calls would stall every verticle on that loop, and Vert.x's blocked-thread checker reports it.
 *
 * <pre>{@code
 * Baton.builder(vertx)
 *     .addActivity("price", ctx -> prices.get(ctx.input(String.class)), ActivityOptions.onEventLoop())
 * }</pre>
 */
public final class ActivityOptions {

  private boolean onEventLoop;

  public ActivityOptions() {}

  /** Options of an activity that runs on the event loop ({@link #setOnEventLoop}). */
  public static ActivityOptions onEventLoop() {
    return new ActivityOptions().setOnEventLoop(true);
  }

  public boolean isOnEventLoop() {
    return onEventLoop;
  }

  /**
   * Whether the activity runs on a virtual thread carried by its worker's event loop (default
   * false). It takes effect where orchestrator code may run on the event loop too (JDK 24 or later
   * with {@code --add-opens=java.base/java.lang=ALL-UNNAMED}, see {@code
   * BatonOptions.setOrchestrationsOnEventLoop}); elsewhere the activity runs on the default
   * scheduler, with the same results.
   */
  public ActivityOptions setOnEventLoop(boolean onEventLoop) {
    this.onEventLoop = onEventLoop;
    return this;
  }

  @Override
  public String toString() {
    return "ActivityOptions{onEventLoop=" + onEventLoop + "}";
  }
}
