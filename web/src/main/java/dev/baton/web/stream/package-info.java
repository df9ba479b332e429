/**
 * Stream triggers: {@link dev.baton.web.stream.StreamTrigger} feeds any Vert.x {@code ReadStream}
 * into orchestration starts and entity signals ({@link dev.baton.web.stream.DurableAction}), with
 * back-pressure and retries that carry items across an engine restart.
 */
package dev.baton.web.stream;
