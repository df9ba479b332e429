package dev.baton.core.impl;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The ETags of the status rows that this engine's client wrote for starts, kept for the partition
 * that runs the start's first episode: its first row write (Pending to Running) is then one
 * conditional update instead of a read and an update. A hint, never a truth: an ETag that no longer
 * matches (the row changed meanwhile) fails that update with a conflict, after which the row is
 * read and written only over an older one as always. A start whose partition runs elsewhere leaves
 * its entry behind; past {@link #MAX_ENTRIES} the map starts over. Thread-safe: the client writes
 * from any thread, partitions read on their own contexts.
 */
final class StartRowEtags {

  static final int MAX_ENTRIES = 10_000;

  private record Entry(String executionId, String etag) {}

  private final ConcurrentHashMap<String, Entry> byInstance = new ConcurrentHashMap<>();

  /** Records the ETag of the row that the start of {@code executionId} wrote. */
  void put(String instanceId, String executionId, String etag) {
    if (etag == null) {
      return;
    }
    if (byInstance.size() >= MAX_ENTRIES) {
      byInstance.clear(); // only hints are lost: those rows are read before their write
    }
    byInstance.put(instanceId, new Entry(executionId, etag));
  }

  /** Takes the ETag recorded for the start of {@code executionId}, or {@code null}. */
  String take(String instanceId, String executionId) {
    Entry e = byInstance.remove(instanceId);
    return e != null && e.executionId().equals(executionId) ? e.etag() : null;
  }
}
