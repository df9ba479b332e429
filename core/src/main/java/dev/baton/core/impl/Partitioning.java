package dev.baton.core.impl;

import java.nio.charset.StandardCharsets;

/** Places instances on partitions: FNV-1a 32-bit of the UTF-8 instance id, modulo the count. */
public final class Partitioning {

  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  private Partitioning() {}

  /** The FNV-1a 32-bit hash of {@code text}'s UTF-8 bytes. */
  public static int fnv1a32(String text) {
    int hash = FNV_OFFSET;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }

  /** The partition of {@code instanceId} among {@code partitionCount}. */
  public static int partitionOf(String instanceId, int partitionCount) {
    return (int) (Integer.toUnsignedLong(fnv1a32(instanceId)) % partitionCount);
  }
}
