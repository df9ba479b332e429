package dev.baton.core.impl;

/**
 * What an engine's execution cache holds now and what it has evicted since the engine started:
 * {@code entries} idle instances kept in memory, an estimate of their {@code bytes}, and the
 * evictions because the engine was over a bound ({@code evictedForSpace}) or an instance stayed
 * idle past the idle timeout ({@code evictedIdle}).
 */
public record CacheStats(long entries, long bytes, long evictedForSpace, long evictedIdle) {}
