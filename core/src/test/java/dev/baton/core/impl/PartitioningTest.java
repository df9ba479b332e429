package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PartitioningTest {

  /** FNV-1a 32-bit, byte by byte, over the UTF-8 encoding: what a stored hub was placed with. */
  private static int reference(String text) {
    int hash = 0x811c9dc5;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return hash;
  }

  @Test
  void hashesMatchThePublishedFnv1a32Values() {
    assertEquals(0x811c9dc5, Partitioning.fnv1a32(""));
    assertEquals(0xe40c292c, Partitioning.fnv1a32("a"));
    assertEquals(0xbf9cf968, Partitioning.fnv1a32("foobar"));
  }

  @Test
  void idsWithAnyCharactersHashAsTheirUtf8Bytes() {
    var ids =
        List.of(
            "order-42",
            "@counter@key",
            "café", // 2-byte UTF-8
            "€uro", // 3 bytes
            "\uD83D\uDE80 launch", // a surrogate pair, 4 bytes
            "lone \uD83D surrogate", // encoded as '?'
            "\u007f\u0080\u07ff\u0800\uffff");
    for (String id : ids) {
      assertEquals(reference(id), Partitioning.fnv1a32(id), id);
    }
    var random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      var chars = new char[random.nextInt(0, 40)];
      for (int c = 0; c < chars.length; c++) {
        // mostly ASCII, as ids are, with a character of any kind now and then
        chars[c] = (char) (random.nextInt(10) == 0 ? random.nextInt(0x10000) : random.nextInt(128));
      }
      String id = new String(chars);
      assertEquals(reference(id), Partitioning.fnv1a32(id), id);
    }
  }

  @Test
  void partitionsAreTheUnsignedHashModuloTheCount() {
    for (String id : List.of("a", "foobar", "café", "x".repeat(100))) {
      for (int count : new int[] {1, 3, 4, 16, 1024}) {
        int expected = (int) (Integer.toUnsignedLong(reference(id)) % count);
        assertEquals(expected, Partitioning.partitionOf(id, count), id + " of " + count);
      }
    }
    assertThrows(NullPointerException.class, () -> Partitioning.partitionOf(null, 4));
    assertThrows(ArithmeticException.class, () -> Partitioning.partitionOf("a", 0));
  }
}
