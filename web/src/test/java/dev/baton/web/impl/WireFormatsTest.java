package dev.baton.web.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Times in and out, as Durable Functions' clients send and expect them. */
class WireFormatsTest {

  @Test
  void statusTimesAreWholeSecondsInUtc() {
    assertEquals(
        "2026-11-26T10:15:30Z", WireTime.format(Instant.parse("2026-11-26T10:15:30.987654Z")));
  }

  @Test
  void incomingTimesMayCarryFractionsOffsetsOrNothing() {
    Instant expected = Instant.parse("2026-11-26T10:15:30Z");
    assertEquals(expected, WireTime.parse("t", "2026-11-26T10:15:30Z"));
    assertEquals(expected.plusMillis(123), WireTime.parse("t", "2026-11-26T10:15:30.123Z"));
    assertEquals(expected, WireTime.parse("t", "2026-11-26T11:15:30+01:00"));
    assertEquals(expected, WireTime.parse("t", "2026-11-26T11:15:30 01:00")); // '+' decoded
    assertEquals(expected, WireTime.parse("t", "2026-11-26T10:15:30"));
    assertEquals(Instant.parse("2026-11-26T00:00:00Z"), WireTime.parse("t", "2026-11-26"));
  }

  @Test
  void anUnreadableTimeNamesItsParameter() {
    ApiError e = assertThrows(ApiError.class, () -> WireTime.parse("createdTimeFrom", "soon"));
    assertEquals(400, e.status());
    assertEquals(true, e.getMessage().contains("createdTimeFrom"));
  }
}
