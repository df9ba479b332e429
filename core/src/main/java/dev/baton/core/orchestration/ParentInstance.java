package dev.baton.core.orchestration;

/**
 * The orchestration that started a sub-orchestration, as {@link OrchestrationContext#parent()}
 * gives it: for instance to send it an event, or to tell in logs which run a child belongs to.
 *
 * <pre>{@code
 * ParentInstance parent = ctx.parent();
 * if (parent != null) {
 *   ctx.sendEvent(parent.instanceId(), "progress", 50);
 * }
 * }</pre>
 *
 * @param instanceId the parent's instance id
 * @param executionId the parent's execution that started this one (a parent that continued as new
 *     has a new one), or {@code null} when the history does not record it
 */
public record ParentInstance(String instanceId, String executionId) {}
