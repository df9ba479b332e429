package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class LogSafeTest {

  @Test
  void plainTextIsReturnedAsItIs() {
    String id = "order/42#?^ é 日本 \uD83D\uDE00 a'b\"c";
    assertSame(id, LogSafe.text(id));
  }

  @Test
  void lineBreaksAndOtherControlCharactersAreEscaped() {
    assertEquals("a\\u000aERROR forged\\u000d", LogSafe.text("a\nERROR forged\r"));
    assertEquals(
        "\\u0000\\u0009\\u001b[31m\\u007f\\u0085", LogSafe.text("\0\t\u001b[31m\u007f\u0085"));
  }

  @Test
  void unicodeLineSeparatorsAndBidirectionalControlsAreEscaped() {
    assertEquals("x\\u2028y\\u2029z", LogSafe.text("x\u2028y\u2029z"));
    assertEquals(
        "\\u202egnp.exe\\u2066\\u2069\\u200e\\u200f",
        LogSafe.text("\u202egnp.exe\u2066\u2069\u200e\u200f"));
  }

  @Test
  void aBackslashIsDoubledSoAnEscapeInTheIdCannotPassForOne() {
    assertEquals("back\\\\slash", LogSafe.text("back\\slash"));
    assertEquals("\\\\u000a then \\u000a", LogSafe.text("\\u000a then \n"));
  }

  @Test
  void anyObjectIsWrittenThroughItsToStringAndNullAsNull() {
    assertEquals("null", LogSafe.text(null));
    assertEquals(
        "java.lang.IllegalStateException: no '\\u000a'",
        LogSafe.text(new IllegalStateException("no '\n'")));
  }
}
