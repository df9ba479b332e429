package dev.baton.storage.memory.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The system clock plus an offset that only grows: time runs, and may jump ahead. */
final class SkippingClock extends Clock {

  private final Clock base = Clock.systemUTC();
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  void skip(Duration ahead) {
    if (!ahead.isNegative()) {
      offset.updateAndGet(o -> o.plus(ahead));
    }
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the test clock stays in UTC");
  }
}
