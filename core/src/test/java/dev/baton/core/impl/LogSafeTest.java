package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void aThrowableWithCleanMessagesIsLoggedAsItIs() {
    var cause = new java.io.IOException("connection reset");
    var thrown = new IllegalStateException("history of 'order-42' changed", cause);
    thrown.addSuppressed(new RuntimeException((String) null));
    assertSame(thrown, LogSafe.thrown(thrown));
    assertNull(LogSafe.thrown(null));
  }

  @Test
  void aThrowableQuotingALineBreakIsLoggedAsAnEscapedCopyWithItsStackTraces() {
    var cause = new java.io.IOException("no row for 'a\nFAKE ERROR b'");
    var thrown = new IllegalStateException("history of 'x\r\ny' changed", cause);
    var suppressed = new RuntimeException("plain");
    thrown.addSuppressed(suppressed);

    Throwable logged = LogSafe.thrown(thrown);

    assertNotSame(thrown, logged);
    assertEquals(
        "java.lang.IllegalStateException: history of 'x\\u000d\\u000ay' changed",
        logged.toString());
    assertArrayEquals(thrown.getStackTrace(), logged.getStackTrace());
    assertEquals(
        "java.io.IOException: no row for 'a\\u000aFAKE ERROR b'", logged.getCause().toString());
    assertArrayEquals(cause.getStackTrace(), logged.getCause().getStackTrace());
    assertEquals("java.lang.RuntimeException: plain", logged.getSuppressed()[0].toString());
    // what a logger prints: every line is the header, a frame, or a cause or suppressed one
    var printed = new java.io.StringWriter();
    logged.printStackTrace(new java.io.PrintWriter(printed));
    for (String line : printed.toString().split("\\R")) {
      assertTrue(
          line.startsWith("java.lang.IllegalStateException: ")
              || line.strip().startsWith("at ")
              || line.strip().startsWith("...")
              || line.startsWith("Caused by: java.io.IOException: ")
              || line.strip().startsWith("Suppressed: java.lang.RuntimeException: plain"),
          line);
    }
    // the original is left as it was
    assertEquals("history of 'x\r\ny' changed", thrown.getMessage());
  }

  @Test
  void aCauseChainThatLoopsBackIsCopiedOnce() {
    var first = new RuntimeException("one\n");
    var second = new RuntimeException("two", first);
    first.addSuppressed(second); // first -> suppressed second -> cause first
    Throwable logged = LogSafe.thrown(first);
    assertEquals("java.lang.RuntimeException: one\\u000a", logged.toString());
    assertSame(logged, logged.getSuppressed()[0].getCause());
  }
}
