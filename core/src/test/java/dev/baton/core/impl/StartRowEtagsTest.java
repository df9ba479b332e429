package dev.baton.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * The ETags that starts leave for their first episode: taken once, only by the execution that wrote
 * them, and forgotten (never wrong) when too many pile up.
 */
class StartRowEtagsTest {

  private final StartRowEtags etags = new StartRowEtags();

  @Test
  void theStartsEtagIsTakenOnceByItsOwnExecution() {
    etags.put("order-1", "exec-a", "W/\"1\"");
    assertEquals("W/\"1\"", etags.take("order-1", "exec-a"));
    assertNull(etags.take("order-1", "exec-a"), "a second write reads the row as before");
  }

  @Test
  void anotherExecutionOfTheSameIdGetsNothing() {
    etags.put("order-2", "exec-a", "W/\"1\"");
    assertNull(etags.take("order-2", "exec-b"));
    assertNull(etags.take("order-2", "exec-a"), "the mismatched take dropped the stale entry");
  }

  @Test
  void aNewerStartOfTheSameIdReplacesTheOlderOne() {
    etags.put("order-3", "exec-a", "W/\"1\"");
    etags.put("order-3", "exec-b", "W/\"2\"");
    assertEquals("W/\"2\"", etags.take("order-3", "exec-b"));
  }

  @Test
  void pastTheBoundTheHintsStartOverInsteadOfGrowing() {
    for (int i = 0; i < StartRowEtags.MAX_ENTRIES; i++) {
      etags.put("i" + i, "e", "t" + i);
    }
    etags.put("last", "e", "t-last");
    assertNull(etags.take("i0", "e"), "the older hints were dropped");
    assertEquals("t-last", etags.take("last", "e"));
  }

  @Test
  void aMissingEtagIsNotRecorded() {
    etags.put("order-4", "exec-a", null);
    assertNull(etags.take("order-4", "exec-a"));
  }
}
