package dev.baton.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.spi.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one vocabulary of errors: codes unique and stable in form, and listed once in the README. */
class ErrorCodeTest {

  @Test
  void everyCodeIsUniqueAndMapsToAnErrorStatus() {
    Set<String> seen = new HashSet<>();
    for (ErrorCode c : ErrorCode.values()) {
      assertTrue(c.code().matches("BATON-[12]\\d\\d"), c.code());
      assertTrue(seen.add(c.code()), "twice: " + c.code());
      assertTrue(c.httpStatus() >= 400 && c.httpStatus() <= 599, c + " " + c.httpStatus());
      assertEquals(c.httpStatus() == 400, c.isBadInput(), c.toString());
      assertSame(c, ErrorCode.of(c.code()));
    }
  }

  @Test
  void anUnknownCodeIsNone() {
    assertNull(ErrorCode.of("BATON-999"));
    assertNull(ErrorCode.of("INVALID_JSON"));
    assertNull(ErrorCode.of(null));
  }

  @Test
  void everyStoreReasonHasACodeThatSaysWhetherToRetry() {
    assertEquals(ErrorCode.STORE, StoreException.Reason.UNAVAILABLE.code());
    assertEquals(ErrorCode.STORE_CONFLICT, StoreException.Reason.CONFLICT.code());
    assertEquals(ErrorCode.STORE_CONFLICT, StoreException.Reason.ALREADY_EXISTS.code());
    assertEquals(ErrorCode.STORE_CONFLICT, StoreException.Reason.NOT_FOUND.code());
    assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, StoreException.Reason.TOO_LARGE.code());
    assertEquals(ErrorCode.INVALID_INSTANCE_ID, StoreException.Reason.INVALID_KEY.code());
    for (StoreException.Reason r : StoreException.Reason.values()) {
      assertTrue(r.code() != null, r.toString());
    }
  }

  @Test
  void theReadmeListsEveryCodeOnceWithItsStatus() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher row =
        Pattern.compile("(?m)^\\| `(BATON-\\d+)` \\| `(\\w+)` \\| .* \\| (\\d{3}) \\|$")
            .matcher(readme);
    Map<String, String> listed = new LinkedHashMap<>();
    while (row.find()) {
      String was = listed.put(row.group(1), row.group(2) + " " + row.group(3));
      assertNull(was, "listed twice: " + row.group(1));
    }
    Map<String, String> expected = new LinkedHashMap<>();
    for (ErrorCode c : ErrorCode.values()) {
      expected.put(c.code(), c.name() + " " + c.httpStatus());
    }
    assertEquals(expected, listed);
  }
}
