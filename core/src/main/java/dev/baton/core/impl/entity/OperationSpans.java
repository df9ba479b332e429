package dev.baton.core.impl.entity;

import dev.baton.core.history.HistoryEvent.EntityOperationRequested;

/**
 * Begins the trace span of one entity operation as it runs, under the span of its sender (carried
 * as {@link EntityOperationRequested#traceParent()}). Only operations being run begin a span, so a
 * span is never begun twice for one run. {@link #NONE} begins none.
 */
@FunctionalInterface
public interface OperationSpans {

  /** Begins no span. */
  OperationSpans NONE = (entityId, request) -> null;

  /**
   * Begins the span of {@code request} running on {@code entityId}, current on this thread until it
   * ends; null for none.
   */
  Running start(String entityId, EntityOperationRequested request);

  /** A span current on the thread that runs the operation. */
  interface Running {
    /** Ends the span; {@code failure}, when not null, marks it failed. */
    void end(Throwable failure);

    /** The W3C {@code traceparent} of this span, which the operation's own sends carry. */
    String traceParent();
  }
}
