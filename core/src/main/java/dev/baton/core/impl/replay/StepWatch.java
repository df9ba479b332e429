package dev.baton.core.impl.replay;

/**
 * Told when user code (an orchestrator between two awaits, an entity's batch of operations) runs on
 * its virtual thread and when it parks, so a step that runs too long can be reported with its
 * instance id. Called on the code's own thread; must be cheap and never block.
 *
 * <pre>{@code
 * StepWatch.Watched w = watch.watch(instanceId); // running from now on
 * try { ...; w.parked(); park(); w.resumed(); ... } finally { w.end(); }
 * }</pre>
 */
public interface StepWatch {

  /** A watch that watches nothing. */
  StepWatch NONE = instanceId -> Watched.NONE;

  /** The calling thread runs code of {@code instanceId} from now on, until {@link Watched#end}. */
  Watched watch(String instanceId);

  /** One thread's user code as the watch sees it. */
  interface Watched {

    /** Watches nothing. */
    Watched NONE =
        new Watched() {
          @Override
          public void parked() {}

          @Override
          public void resumed() {}

          @Override
          public void end() {}
        };

    /** The code parks: it awaits and runs nothing until {@link #resumed}. */
    void parked();

    /** The code runs again: a new step starts. */
    void resumed();

    /** The thread ends; nothing more is reported for it. */
    void end();
  }
}
