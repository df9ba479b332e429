/**
 * The orchestration programming model: what orchestrator code sees. An {@link
 * dev.baton.core.orchestration.Orchestrator} gets an {@link
 * dev.baton.core.orchestration.OrchestrationContext}, makes durable calls that return {@link
 * dev.baton.core.orchestration.Task}s and awaits them. The engine records every result in the
 * instance's history and replays the code against it after a restart, so the code must be
 * deterministic.
 *
 * <p>Tasks compose without awaiting ({@code thenApply}, {@code thenCompose}, {@code allOf}, {@code
 * anyOf}); a call's {@link dev.baton.core.orchestration.TaskOptions} bound it in time and retry it
 * by a {@link dev.baton.core.orchestration.RetryPolicy}, a {@link
 * dev.baton.core.orchestration.RetryHandler}, or both.
 *
 * <p>{@link dev.baton.core.orchestration.OrchestrationContext#callHttp} makes an HTTP request
 * durably ({@link dev.baton.core.orchestration.DurableHttpRequest}): the engine sends it, records
 * the {@link dev.baton.core.orchestration.DurableHttpResponse} in history, and polls {@code 202}
 * answers on durable timers, so a replay never sends it again.
 */
package dev.baton.core.orchestration;
