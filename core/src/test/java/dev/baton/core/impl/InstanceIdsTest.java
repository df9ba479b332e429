package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InstanceIdsTest {

  @Test
  void newIdsAre32HexDigitsAndNeverRepeat() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 200_000)
        .parallel()
        .forEach(
            i -> {
              String id = InstanceIds.random();
              assertTrue(id.matches("[0-9a-f]{32}"), id);
              assertTrue(seen.add(id), "repeated " + id);
              assertSame(id, InstanceIds.validate(id));
            });
    assertEquals(200_000, seen.size());
  }

  @Test
  void newUuidShapedIdsParseAsUuidsAndNeverRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50_000; i++) {
      String id = InstanceIds.uuid();
      assertEquals(id, UUID.fromString(id).toString());
      assertTrue(seen.add(id), "repeated " + id);
    }
  }

  @Test
  void theScrambleIsABijectionOfConsecutiveCounts() {
    // consecutive counts map to distinct values spread over the low bits the partitions use
    Set<Long> values = new HashSet<>();
    int[] lowBits = new int[4];
    for (long c = -10_000; c < 10_000; c++) {
      long v = InstanceIds.scramble(c);
      assertTrue(values.add(v), "two counts gave " + v);
      lowBits[(int) (v & 3)]++;
    }
    for (int n : lowBits) {
      assertTrue(n > 4_000 && n < 6_000, "uneven low bits: " + java.util.Arrays.toString(lowBits));
    }
  }

  @Test
  void idsOfOneProcessSpreadOverPartitions() {
    int[] counts = new int[4];
    for (int i = 0; i < 8_000; i++) {
      counts[Partitioning.partitionOf(InstanceIds.random(), 4)]++;
    }
    for (int n : counts) {
      assertTrue(n > 1_600 && n < 2_400, "uneven partitions: " + java.util.Arrays.toString(counts));
    }
  }

  @Test
  void badIdsAreRefusedWithTheirCode() {
    for (String bad : new String[] {null, "", " a", "a "}) {
      BatonException e = assertThrows(BatonException.class, () -> InstanceIds.validate(bad));
      assertEquals(ErrorCode.INVALID_INSTANCE_ID, e.code());
    }
    assertThrows(BatonException.class, () -> InstanceIds.validate("x".repeat(257)));
  }
}
