/**
 * The orchestration programming model: what orchestrator code sees. An {@link
 * dev.baton.core.orchestration.Orchestrator} gets an {@link
 * dev.baton.core.orchestration.OrchestrationContext}, makes durable calls that return {@link
 * dev.baton.core.orchestration.Task}s and awaits them. The engine records every result in the
 * instance's history and replays the code against it after a restart, so the code must be
 * deterministic.
 */
package dev.baton.core.orchestration;
