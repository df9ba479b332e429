package dev.baton.storage.azure.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an {@link AzureInstanceStore} knows of the input blobs of the status rows it wrote or read:
 * per instance, the ETag of the last such row whose input lies in a blob, with the row's execution
 * id, the blob's name and the SHA-256 of the input. A write under that very ETag, of the same
 * execution with the same input, names the same blob instead of uploading the input again. That is
 * safe because the write is conditional: it lands only over the row that names the blob, and no
 * blob the current row names is ever collected. A collection deletes only blobs that the row its
 * writer just wrote does not name and that are older than a minute; once such a row replaced the
 * last row naming an old blob, no write names that blob again, since naming it needs the ETag of a
 * row that names it.
 *
 * <p>Bounded to {@code capacity} instances, the least recently used dropped first: forgetting only
 * costs the next write an upload. Thread-safe (the store is called from any context); the digests
 * are computed outside the lock.
 */
final class StoredInputs {

  /** Instances remembered by default: about 400 bytes each. */
  static final int DEFAULT_CAPACITY = 10_000;

  private record Known(String etag, String executionId, byte[] digest, String blobName) {}

  private final Map<String, Known> entries;

  StoredInputs(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The SHA-256 of {@code input}'s UTF-8 bytes, or {@code null} for a {@code null} input. */
  static byte[] digest(String input) {
    if (input == null) {
      return null;
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * The blob that holds the input of the row under {@code ifMatch}, when that row is known, is of
   * the execution {@code executionId} and its input has the digest {@code digest}; else {@code
   * null}, and the input must be uploaded.
   */
  synchronized String blobFor(
      String instanceId, String ifMatch, String executionId, byte[] digest) {
    Known e = entries.get(instanceId);
    if (e == null
        || ifMatch == null
        || digest == null
        || !e.etag().equals(ifMatch)
        || !e.executionId().equals(executionId)
        || !Arrays.equals(e.digest(), digest)) {
      return null;
    }
    return e.blobName();
  }

  /**
   * Records that the row of {@code instanceId} under {@code etag} names the blob {@code blobName}
   * holding the input of digest {@code digest}; a row without an input blob ({@code blobName} or
   * {@code digest} null) forgets the instance.
   */
  void remember(
      String instanceId, String etag, String executionId, String blobName, byte[] digest) {
    if (etag == null || blobName == null || digest == null) {
      forget(instanceId);
      return;
    }
    var entry = new Known(etag, executionId, digest, blobName);
    synchronized (this) {
      entries.put(instanceId, entry);
    }
  }

  /** Forgets the instance (its row was deleted, or names no input blob). */
  synchronized void forget(String instanceId) {
    entries.remove(instanceId);
  }

  /** The instances remembered. */
  synchronized int size() {
    return entries.size();
  }
}
