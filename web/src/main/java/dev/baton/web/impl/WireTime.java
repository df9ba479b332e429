package dev.baton.web.impl;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Times on the wire: status times go out as {@code yyyy-MM-ddTHH:mm:ssZ}, as Durable Functions
 * writes them; times coming in may carry fractions, an offset, or none (read as UTC).
 */
public final class WireTime {

  private static final DateTimeFormatter STATUS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private WireTime() {}

  /** {@code t} to the second, e.g. {@code 2026-11-26T10:15:30Z}; {@code null} stays null. */
  public static String format(Instant t) {
    return t == null ? null : STATUS.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Reads a query parameter's time: {@code 2026-11-26T10:15:30Z}, {@code 2026-11-26T10:15:30.123Z},
   * {@code 2026-11-26T10:15:30+01:00}, {@code 2026-11-26T10:15:30} (UTC) or {@code 2026-11-26}
   * (midnight UTC).
   *
   * @throws ApiError 400 naming {@code param} when the text is none of these
   */
  public static Instant parse(String param, String text) {
    // a '+' of an offset that was not percent-encoded arrives decoded as a space
    String s = text.strip().replace(' ', '+');
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // try the forms without an offset
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try a date alone
    }
    try {
      return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(
          "query parameter '"
              + param
              + "' is not a time: '"
              + text
              + "'; use ISO-8601, e.g. 2026-11-26T10:15:30Z");
    }
  }
}
