package dev.baton.core.impl.replay;

/**
 * Unwinds orchestrator code whose execution is being dropped (evicted from the cache or stopped).
 * An {@link Error} without a stack trace, so a {@code catch (Exception e)} in user code cannot
 * swallow it and throwing it costs nothing.
 */
public final class ExecutionAbort extends Error {

  static final ExecutionAbort INSTANCE = new ExecutionAbort();

  private ExecutionAbort() {
    super("orchestration execution aborted", null, false, false);
  }
}
