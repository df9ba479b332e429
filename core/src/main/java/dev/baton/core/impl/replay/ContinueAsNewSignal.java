package dev.baton.core.impl.replay;

/**
 * Unwinds orchestrator code that called {@code continueAsNew}: the execution ends at once and a new
 * one starts with the new input. An {@link Error} without a stack trace, so user code cannot
 * swallow it with {@code catch (Exception e)}.
 */
final class ContinueAsNewSignal extends Error {

  static final ContinueAsNewSignal INSTANCE = new ContinueAsNewSignal();

  private ContinueAsNewSignal() {
    super("orchestration continued as new", null, false, false);
  }
}
