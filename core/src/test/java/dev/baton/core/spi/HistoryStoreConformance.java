package dev.baton.core.spi;

import static dev.baton.core.spi.ConformanceData.HUGE;
import static dev.baton.core.spi.ConformanceData.LARGE;
import static dev.baton.core.spi.ConformanceData.everyEventType;
import static dev.baton.core.spi.ConformanceData.everyEventTypeWithNulls;
import static dev.baton.core.spi.ConformanceData.jsonText;
import static dev.baton.core.spi.ConformanceData.numberedEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.StoreException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rules of {@link HistoryStore}. */
abstract class HistoryStoreConformance extends ConformanceSupport {

  private static List<HistoryEvent> concat(List<HistoryEvent> a, List<HistoryEvent> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  @Test
  void rule1_loadOfAnInstanceWithNoHistoryIsEmpty() {
    var h = hub().history();
    assertEquals(StoredHistory.EMPTY, call(() -> h.load("never-written")));
  }

  @Test
  void rule2_appendAddsTheEventsAfterTheExistingOnesAndReturnsANewEtag() {
    var h = hub().history();
    var first = numberedEvents(0, 3);
    var second = numberedEvents(3, 3);
    String e1 = call(() -> h.append("inst", null, first));
    assertNotNull(e1);
    assertEquals(new StoredHistory(first, e1), call(() -> h.load("inst")));
    String e2 = call(() -> h.append("inst", e1, second));
    assertEquals(new StoredHistory(concat(first, second), e2), call(() -> h.load("inst")));
    assertFalse(e1.equals(e2), "each append returns a new ETag");
  }

  @Test
  void rule2_appendWithAStaleEtagConflictsAndWritesNothing() {
    var h = hub().history();
    String e1 = call(() -> h.append("inst", null, numberedEvents(0, 2)));
    String e2 = call(() -> h.append("inst", e1, numberedEvents(2, 2)));
    failure(Reason.CONFLICT, () -> h.append("inst", e1, numberedEvents(100, 2)));
    assertEquals(new StoredHistory(numberedEvents(0, 4), e2), call(() -> h.load("inst")));
  }

  @Test
  void rule2_appendWithoutAnEtagToAnExistingHistoryConflicts() {
    var h = hub().history();
    String e1 = call(() -> h.append("inst", null, numberedEvents(0, 1)));
    failure(Reason.CONFLICT, () -> h.append("inst", null, numberedEvents(1, 1)));
    assertEquals(new StoredHistory(numberedEvents(0, 1), e1), call(() -> h.load("inst")));
  }

  @Test
  void rule2_appendWithAnEtagToAMissingHistoryConflicts() {
    var h = hub().history();
    String other = call(() -> h.append("other", null, numberedEvents(0, 1)));
    failure(Reason.CONFLICT, () -> h.append("inst", other, numberedEvents(0, 1)));
    assertEquals(StoredHistory.EMPTY, call(() -> h.load("inst")));
  }

  @Test
  void rule2_everyWriteReturnsAnEtagTheInstanceNeverHadBefore() {
    var h = hub().history();
    var etags = new ArrayList<String>();
    etags.add(call(() -> h.append("inst", null, numberedEvents(0, 1))));
    etags.add(call(() -> h.append("inst", etags.get(0), numberedEvents(1, 1))));
    etags.add(call(() -> h.replace("inst", etags.get(1), numberedEvents(0, 1))));
    assertTrue(call(() -> h.delete("inst")));
    etags.add(call(() -> h.append("inst", null, numberedEvents(0, 1))));
    etags.add(call(() -> h.append("inst", etags.get(3), numberedEvents(1, 1))));
    assertEquals(etags.size(), new HashSet<>(etags).size(), "ETags repeat: " + etags);
  }

  @Test
  void rule2_aBatchOverTheStoresBatchLimitsIsAppendedWhole() {
    var h = hub().history();
    var many = new ArrayList<>(numberedEvents(0, 250));
    many.add(120, new HistoryEvent.TaskCompleted(ConformanceData.T0, 999, jsonText(HUGE, 9)));
    many.add(30, new HistoryEvent.TaskCompleted(ConformanceData.T0, 998, jsonText(LARGE, 8)));
    String e1 = call(() -> h.append("inst", null, many));
    assertEquals(new StoredHistory(many, e1), call(() -> h.load("inst")));
    String e2 = call(() -> h.append("inst", e1, numberedEvents(250, 3)));
    assertEquals(
        new StoredHistory(concat(many, numberedEvents(250, 3)), e2), call(() -> h.load("inst")));
  }

  @Test
  void rule2_ofConcurrentAppendsWithOneEtagExactlyOneWins() {
    var h = hub().history();
    String base = call(() -> h.append("inst", null, numberedEvents(0, 1)));
    int contenders = 6;
    var attempts = new ArrayList<Future<String>>();
    for (int i = 0; i < contenders; i++) {
      var events = numberedEvents(100 * (i + 1), 3);
      Promise<String> p = Promise.promise();
      attempts.add(p.future());
      vertx().getOrCreateContext().runOnContext(v -> h.append("inst", base, events).onComplete(p));
    }
    call(() -> Future.join(attempts).otherwise(f -> null));
    var winners = attempts.stream().filter(Future::succeeded).toList();
    assertEquals(1, winners.size(), "exactly one append wins");
    for (var f : attempts) {
      if (f.failed()) {
        assertTrue(StoreException.is(f.cause(), Reason.CONFLICT), "loser fails: " + f.cause());
      }
    }
    int winner = attempts.indexOf(winners.get(0));
    var expected = concat(numberedEvents(0, 1), numberedEvents(100 * (winner + 1), 3));
    assertEquals(new StoredHistory(expected, winners.get(0).result()), call(() -> h.load("inst")));
  }

  @Test
  void rule3_replaceSwapsTheWholeHistory() {
    var h = hub().history();
    String e1 = call(() -> h.append("inst", null, numberedEvents(0, 10)));
    String e2 = call(() -> h.replace("inst", e1, numberedEvents(50, 2)));
    assertFalse(e1.equals(e2));
    assertEquals(new StoredHistory(numberedEvents(50, 2), e2), call(() -> h.load("inst")));
    String e3 = call(() -> h.append("inst", e2, numberedEvents(52, 1)));
    assertEquals(new StoredHistory(numberedEvents(50, 3), e3), call(() -> h.load("inst")));
  }

  @Test
  void rule3_replaceFollowsTheEtagRule() {
    var h = hub().history();
    String created = call(() -> h.replace("inst", null, numberedEvents(0, 2)));
    assertEquals(new StoredHistory(numberedEvents(0, 2), created), call(() -> h.load("inst")));
    failure(Reason.CONFLICT, () -> h.replace("inst", null, numberedEvents(10, 1)));
    String e2 = call(() -> h.append("inst", created, numberedEvents(2, 1)));
    failure(Reason.CONFLICT, () -> h.replace("inst", created, numberedEvents(20, 1)));
    assertEquals(new StoredHistory(numberedEvents(0, 3), e2), call(() -> h.load("inst")));
    failure(Reason.CONFLICT, () -> h.replace("missing", e2, numberedEvents(0, 1)));
    assertEquals(StoredHistory.EMPTY, call(() -> h.load("missing")));
  }

  @Test
  void rule4_everyEventTypeReadsBackEqualWithPayloadsOfAnySize() {
    var h = hub().history();
    var full = everyEventType(jsonText(LARGE, 1), jsonText(HUGE, 2));
    assertCoversEveryEventType(full);
    assertEveryFieldSet(full);
    String id = "instance-ü-日本";
    String e1 = call(() -> h.append(id, null, full.subList(0, 5)));
    String e2 = call(() -> h.append(id, e1, full.subList(5, full.size())));
    var loaded = call(() -> h.load(id));
    assertEquals(full.size(), loaded.events().size());
    for (int i = 0; i < full.size(); i++) {
      assertEquals(full.get(i), loaded.events().get(i), "event #" + i);
    }
    assertEquals(e2, loaded.etag());
  }

  @Test
  void rule4_absentOptionalFieldsReadBackAsNull() {
    var h = hub().history();
    var sparse = everyEventTypeWithNulls();
    assertCoversEveryEventType(sparse);
    String etag = call(() -> h.append("sparse", null, sparse));
    assertEquals(new StoredHistory(sparse, etag), call(() -> h.load("sparse")));
  }

  @Test
  void rule5_deleteRemovesTheHistoryAndAnswersWhetherThereWasOne() {
    var h = hub().history();
    call(() -> h.append("inst", null, numberedEvents(0, 3)));
    call(() -> h.append("kept", null, numberedEvents(0, 1)));
    assertTrue(call(() -> h.delete("inst")));
    assertEquals(StoredHistory.EMPTY, call(() -> h.load("inst")));
    assertFalse(call(() -> h.delete("inst")));
    assertFalse(call(() -> h.delete("never-written")));
    assertEquals(1, call(() -> h.load("kept")).events().size(), "other histories stay");
    String fresh = call(() -> h.append("inst", null, numberedEvents(7, 1)));
    assertEquals(new StoredHistory(numberedEvents(7, 1), fresh), call(() -> h.load("inst")));
  }

  private static void assertCoversEveryEventType(List<HistoryEvent> events) {
    Set<Class<?>> types =
        Arrays.stream(HistoryEvent.class.getPermittedSubclasses()).collect(Collectors.toSet());
    Set<Class<?>> covered = events.stream().map(Object::getClass).collect(Collectors.toSet());
    assertEquals(types, covered, "the fixture must hold every HistoryEvent type");
  }

  private static void assertEveryFieldSet(List<HistoryEvent> events) {
    for (HistoryEvent e : events) {
      for (RecordComponent c : e.getClass().getRecordComponents()) {
        try {
          assertNotNull(
              c.getAccessor().invoke(e), e.getClass().getSimpleName() + "." + c.getName());
        } catch (ReflectiveOperationException ex) {
          throw new AssertionError(ex);
        }
      }
    }
  }
}
