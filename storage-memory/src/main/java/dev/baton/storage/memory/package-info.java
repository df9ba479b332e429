/**
 * The in-memory storage backend: Baton's embedded default and the reference binding of the storage
 * SPI.
 *
 * <p>{@link dev.baton.storage.memory.MemoryBackend} keeps task hubs in the heap of one process,
 * with the semantics of a real store: queue messages are hidden for a visibility timeout and
 * delivered again when not deleted, each delivery carries a new receipt, histories, status rows and
 * leases are guarded by ETags, and leases lapse by the backend's clock. The engine therefore
 * behaves on it exactly as on Azure Storage, only faster; nothing survives the process.
 *
 * <p>Engines given the same {@code MemoryBackend} share its hubs, which is how scale-out, failover
 * and restart are tested in one JVM. A test clock passed to {@link
 * dev.baton.storage.memory.MemoryBackend#create(java.time.Clock)} drives delays, visibility
 * timeouts and lease expiry, so timer tests take milliseconds.
 *
 * <p>Threads: engines on several event loops call one backend at once. Each call does its work on
 * the caller's thread and returns a future already completed (nothing waits, nothing is scheduled
 * elsewhere); shared state is guarded by concurrent maps and atomics, and a queue's and the lease
 * store's few multi-step updates by one short lock each, never held across a callback.
 */
package dev.baton.storage.memory;
