/**
 * Testing orchestrations on the memory backend with time under control: {@link
 * dev.baton.storage.memory.testing.TestEnvironment} runs an engine whose clock skips ahead while
 * every instance waits on a timer, so a test of a 30-day timer takes milliseconds.
 */
package dev.baton.storage.memory.testing;
