package dev.baton.core.impl;

import java.nio.charset.StandardCharsets;

/** Places instances on partitions: FNV-1a 32-bit of the UTF-8 instance id, modulo the count. */
public final class Partitioning {

  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  private Partitioning() {}

  /** The FNV-1a 32-bit hash of {@code text}'s UTF-8 bytes. */
  public static int fnv1a32(String text) {
    // an ASCII char is its own UTF-8 byte: most ids hash with no bytes copied, once per message
    int hash = FNV_OFFSET;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return fnv1a32(text.getBytes(StandardCharsets.UTF_8));
      }
      hash ^= c;
      hash *= FNV_PRIME;
    }
    return hash;
  }

  private static int fnv1a32(byte[] utf8) {
    int hash = FNV_OFFSET;
    for (byte b : utf8) {
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
