package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.core.BatonException;
import dev.baton.core.DataConverter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default converter's own scalar path gives exactly Jackson's text and values. */
class ScalarJsonTest {

  private final DataConverter fast = DataConverter.jackson();
  private final DataConverter jackson = DataConverter.jackson(new ObjectMapper());

  private static final List<Object> VALUES =
      List.of(
          "",
          "Tokyo",
          "Hello Tokyo!",
          "a \"quoted\" word",
          "back\\slash",
          "a/b",
          "tab\there",
          "line\nbreak",
          "\u007f",
          "caf\u00e9",
          "\u2028",
          "emoji \ud83d\ude00",
          0,
          1,
          -1,
          42,
          Integer.MAX_VALUE,
          Integer.MIN_VALUE,
          0L,
          -7L,
          Long.MAX_VALUE,
          Long.MIN_VALUE,
          true,
          false);

  @Test
  void writesScalarsAsJacksonDoes() {
    for (Object v : VALUES) {
      assertEquals(jackson.serialize(v), fast.serialize(v), () -> "value " + v);
    }
  }

  @Test
  void readsScalarsAsJacksonDoes() {
    for (Object v : VALUES) {
      String json = jackson.serialize(v);
      Class<?> type = v.getClass();
      assertEquals(jackson.deserialize(json, type), fast.deserialize(json, type), json);
      assertEquals(v, fast.deserialize(json, type), json);
    }
    List<String> texts =
        List.of(
            "0",
            "-0",
            "7",
            "-12",
            "2147483647",
            "2147483648",
            "-2147483648",
            "123456789",
            "1234567890",
            "9223372036854775807",
            "-9223372036854775808",
            "1.0",
            "1e3",
            " 5",
            "\"5\"",
            "true",
            "false",
            "null",
            "\"x\"",
            "\"\"",
            "\"a\\u0041\"",
            "\"\\n\"");
    for (Class<?> type :
        List.<Class<?>>of(
            Integer.class, int.class, Long.class, long.class, Boolean.class, String.class)) {
      for (String json : texts) {
        Object expected;
        try {
          expected = jackson.deserialize(json, type);
        } catch (BatonException e) {
          assertThrows(
              BatonException.class, () -> fast.deserialize(json, type), json + " as " + type);
          continue;
        }
        assertEquals(expected, fast.deserialize(json, type), json + " as " + type);
      }
    }
  }

  @Test
  void refusesLeadingZerosAsJacksonDoes() {
    assertThrows(BatonException.class, () -> fast.deserialize("012", Integer.class));
    assertThrows(BatonException.class, () -> fast.deserialize("-01", Long.class));
  }
}
