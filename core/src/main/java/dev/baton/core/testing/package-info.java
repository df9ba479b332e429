/**
 * Tools for testing orchestrators. {@link dev.baton.core.testing.Replayer} replays saved histories
 * against current code, so a change that would break running instances fails a build instead of a
 * production instance. (A test environment with a clock that skips ahead lives with the memory
 * backend: {@code dev.baton.storage.memory.testing.TestEnvironment}.)
 */
package dev.baton.core.testing;
