/**
 * The Azure Storage backend's implementation; not for users to import. What runs on which thread:
 * every store call is made with the Azure SDK's async clients (Reactor, on the SDK's Netty threads)
 * and bridged by {@code Async.future} to a Vert.x future that completes on the calling Vert.x
 * context, so a partition's callbacks come back on its own event loop; nothing here blocks. Shared
 * state (the {@code AzureHistoryStore} cache of history heads, the {@code RequestCounter}) is
 * thread-safe, since engines on several event loops call one store.
 */
package dev.baton.storage.azure.impl;
