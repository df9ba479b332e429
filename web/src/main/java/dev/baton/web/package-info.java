/**
 * Baton over HTTP: {@link dev.baton.web.DurableHttpApi} serves Durable Functions' HTTP API on a
 * Vert.x router, so Durable Functions' clients and tools drive a Baton engine unchanged, and
 * registers HTTP triggers ({@link dev.baton.web.HttpTrigger}), routes whose code gets a {@link
 * dev.baton.core.client.DurableClient}. {@link dev.baton.web.Dashboard} is a web page over the same
 * engine, protected as the API is.
 *
 * <p>Every answer is JSON; errors read {@code {"error": code, "message": ...}}, where the code is a
 * Baton error code ({@code BATON-102}) or an HTTP one ({@code INVALID_JSON}, {@code UNAUTHORIZED},
 * {@code PAYLOAD_TOO_LARGE}, {@code INTERNAL}); a 500 reveals nothing but an incident id that the
 * server's log carries with the details.
 */
package dev.baton.web;
