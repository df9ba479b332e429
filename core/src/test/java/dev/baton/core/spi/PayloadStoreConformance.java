package dev.baton.core.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.spi.StoreException.Reason;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The rules of {@link PayloadStore}. */
abstract class PayloadStoreConformance extends ConformanceSupport {

  private static Buffer randomBytes(int size, long seed) {
    var bytes = new byte[size];
    new SplittableRandom(seed).nextBytes(bytes);
    return Buffer.buffer(bytes);
  }

  @Test
  void rule1_putStoresTheBytesAndReplacesWhatWasThere() {
    var payloads = hub().payloads();
    call(() -> payloads.put("inst-1/input", Buffer.buffer("first")));
    var second = Buffer.buffer("second, longer than the first");
    call(() -> payloads.put("inst-1/input", second));
    second.setByte(0, (byte) 'X');
    assertEquals(
        "second, longer than the first",
        call(() -> payloads.get("inst-1/input")).toString(StandardCharsets.UTF_8),
        "the store keeps the bytes as they were put");
  }

  @Test
  void rule2_getReturnsExactlyTheBytesPutWhateverTheirSize() {
    var payloads = hub().payloads();
    var huge = randomBytes(ConformanceData.HUGE, 11);
    var text = Buffer.buffer(ConformanceData.NON_ASCII, "UTF-8");
    call(() -> payloads.put("huge", huge));
    call(() -> payloads.put("text-ü", text));
    call(() -> payloads.put("empty", Buffer.buffer()));
    assertArrayEquals(huge.getBytes(), call(() -> payloads.get("huge")).getBytes());
    assertEquals(ConformanceData.NON_ASCII, call(() -> payloads.get("text-ü")).toString("UTF-8"));
    assertEquals(0, call(() -> payloads.get("empty")).length());
    var read = call(() -> payloads.get("huge"));
    read.setByte(0, (byte) (read.getByte(0) + 1));
    assertArrayEquals(
        huge.getBytes(), call(() -> payloads.get("huge")).getBytes(), "reads do not share bytes");
  }

  @Test
  void rule2_getOfAMissingPayloadIsNotFound() {
    var payloads = hub().payloads();
    failure(Reason.NOT_FOUND, () -> payloads.get("never-put"));
  }

  @Test
  void rule3_deleteRemovesThePayloadAndAnswersWhetherThereWasOne() {
    var payloads = hub().payloads();
    call(() -> payloads.put("gone", Buffer.buffer("x")));
    call(() -> payloads.put("kept", Buffer.buffer("y")));
    assertTrue(call(() -> payloads.delete("gone")));
    failure(Reason.NOT_FOUND, () -> payloads.get("gone"));
    assertFalse(call(() -> payloads.delete("gone")));
    assertFalse(call(() -> payloads.delete("never-put")));
    assertEquals("y", call(() -> payloads.get("kept")).toString(), "other payloads stay");
  }
}
