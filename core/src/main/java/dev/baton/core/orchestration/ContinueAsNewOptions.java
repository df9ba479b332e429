package dev.baton.core.orchestration;

import io.vertx.core.json.JsonObject;

/**
 * How {@link OrchestrationContext#continueAsNew(Object, ContinueAsNewOptions)} starts the next
 * execution. By default the external events not consumed yet are carried over to it, in order; with
 * {@code preserveUnprocessedEvents} false they are dropped.
 *
 * <pre>{@code
 * ctx.continueAsNew(state, new ContinueAsNewOptions().setPreserveUnprocessedEvents(false));
 * }</pre>
 */
public final class ContinueAsNewOptions {

  /** Default: unconsumed events are carried over. */
  public static final boolean DEFAULT_PRESERVE_UNPROCESSED_EVENTS = true;

  private boolean preserveUnprocessedEvents = DEFAULT_PRESERVE_UNPROCESSED_EVENTS;

  public ContinueAsNewOptions() {}

  /** Options from JSON: {@code preserveUnprocessedEvents}. */
  public ContinueAsNewOptions(JsonObject json) {
    this.preserveUnprocessedEvents =
        json.getBoolean("preserveUnprocessedEvents", DEFAULT_PRESERVE_UNPROCESSED_EVENTS);
  }

  public boolean isPreserveUnprocessedEvents() {
    return preserveUnprocessedEvents;
  }

  /** Whether the events not consumed yet go to the next execution ({@code false}: dropped). */
  public ContinueAsNewOptions setPreserveUnprocessedEvents(boolean preserveUnprocessedEvents) {
    this.preserveUnprocessedEvents = preserveUnprocessedEvents;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject().put("preserveUnprocessedEvents", preserveUnprocessedEvents);
  }
}
