/**
 * Baton over HTTP: {@link dev.baton.web.DurableHttpApi} serves Durable Functions' HTTP API on a
 * Vert.x router, so Durable Functions' clients and tools drive a Baton engine unchanged, and
 * registers HTTP triggers ({@link dev.baton.web.HttpTrigger}), routes whose code gets a {@link
 * dev.baton.core.client.DurableClient}. {@link dev.baton.web.Dashboard} is a web page over the same
 * engine, protected as the API is.
 *
 * <p>Every answer is JSON; errors read {@code {"error": code, "message": ...}}, where the code is
 * one of {@link dev.baton.core.ErrorCode}'s ({@code BATON-102} unknown orchestrator, {@code
 * BATON-118} invalid JSON, {@code BATON-119} unauthorized, ...) and the status is the one that code
 * maps to ({@link dev.baton.core.ErrorCode#httpStatus()}), except where Durable Functions' API
 * prescribes another for a route (410 for a finished instance, 412 for a purge or rewind it does
 * not allow). A 500, or a 503 for a store failure, reveals nothing but an incident id that the
 * server's log carries with the details.
 *
 * <p>Safe by default: without a key or an authentication handler the API serves loopback only; it
 * trusts neither the {@code Host} header nor cross-site browser requests; it checks credentials
 * before it reads a body; and it hands its key only to callers who presented it.
 */
package dev.baton.web;
