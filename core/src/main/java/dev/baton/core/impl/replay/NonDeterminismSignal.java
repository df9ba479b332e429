package dev.baton.core.impl.replay;

/**
 * Unwinds orchestrator code whose calls diverge from its history. The execution then fails with
 * {@code BATON-101} and this signal's message. An {@link Error} without a stack trace, so user code
 * cannot swallow it with {@code catch (Exception e)}.
 */
public final class NonDeterminismSignal extends Error {

  NonDeterminismSignal(String message) {
    super(message, null, false, false);
  }
}
