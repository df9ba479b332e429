package dev.baton.core.spi;

import static dev.baton.core.spi.ConformanceData.HUGE;
import static dev.baton.core.spi.ConformanceData.LARGE;
import static dev.baton.core.spi.ConformanceData.fullRecord;
import static dev.baton.core.spi.ConformanceData.row;
import static dev.baton.core.spi.ConformanceData.sparseRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.spi.StoreException.Reason;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rules of {@link InstanceStore}. */
abstract class InstanceStoreConformance extends ConformanceSupport {

  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  /** The status of query row {@code i}: the eight statuses in turn. */
  private static RuntimeStatus statusOf(int i) {
    return RuntimeStatus.values()[i % RuntimeStatus.values().length];
  }

  private static String idOf(int i) {
    return String.format("row-%02d", i);
  }

  /** Inserts rows {@code row-00 .. row-24} in a shuffled order, created a minute apart. */
  private InstanceStore twentyFiveRows() {
    var store = hub().instances();
    var order = new ArrayList<>(IntStream.range(0, 25).boxed().toList());
    Collections.shuffle(order, new Random(25));
    call(
        () ->
            Future.all(
                order.stream()
                    .map(i -> store.insert(row(idOf(i), statusOf(i), BASE.plusSeconds(60L * i))))
                    .toList()));
    return store;
  }

  /** Follows the continuation tokens to the end, checking each page's size limit. */
  private List<List<String>> pages(InstanceStore store, InstanceFilter filter, int pageSize) {
    var pages = new ArrayList<List<String>>();
    String continuation = null;
    do {
      String token = continuation;
      Page<InstanceRecord> page = call(() -> store.query(filter, pageSize, token));
      assertTrue(page.items().size() <= pageSize, "page over pageSize: " + page.items().size());
      pages.add(page.items().stream().map(InstanceRecord::instanceId).toList());
      continuation = page.continuation();
      assertTrue(pages.size() <= 100, "the continuation tokens never end");
    } while (continuation != null);
    return pages;
  }

  private List<String> ids(InstanceStore store, InstanceFilter filter) {
    return pages(store, filter, 1000).stream().flatMap(List::stream).toList();
  }

  @Test
  void rule1_getReturnsTheRowWithItsEtagOrNull() {
    var store = hub().instances();
    assertNull(call(() -> store.get("missing")));
    var record = sparseRecord("inst");
    String etag = call(() -> store.insert(record));
    assertEquals(new Versioned<>(record, etag), call(() -> store.get("inst")));
  }

  @Test
  void rule2_insertCreatesTheRowOnlyWhenNoneExists() {
    var store = hub().instances();
    var first = sparseRecord("inst");
    String etag = call(() -> store.insert(first));
    assertNotNull(etag);
    failure(Reason.ALREADY_EXISTS, () -> store.insert(fullRecord("inst", 0, 0)));
    assertEquals(new Versioned<>(first, etag), call(() -> store.get("inst")));
  }

  @Test
  void rule3_updateWithoutAnEtagWritesWhetherOrNotTheRowExists() {
    var store = hub().instances();
    var created = sparseRecord("inst");
    String e1 = call(() -> store.update(created, null));
    assertEquals(new Versioned<>(created, e1), call(() -> store.get("inst")));
    var overwritten = fullRecord("inst", 0, 0);
    String e2 = call(() -> store.update(overwritten, null));
    assertNotEquals(e1, e2);
    assertEquals(new Versioned<>(overwritten, e2), call(() -> store.get("inst")));
  }

  @Test
  void rule3_updateWithAnEtagWritesOnlyOverThatVersion() {
    var store = hub().instances();
    var r1 = sparseRecord("inst");
    String e1 = call(() -> store.insert(r1));
    var r2 = r1.withProgress(RuntimeStatus.RUNNING, null, "\"step 1\"", null, BASE.plusSeconds(1));
    String e2 = call(() -> store.update(r2, e1));
    assertNotEquals(e1, e2, "an update returns a new ETag");
    var r3 = r1.withProgress(RuntimeStatus.COMPLETED, "\"done\"", null, null, BASE.plusSeconds(2));
    failure(Reason.CONFLICT, () -> store.update(r3, e1));
    assertEquals(new Versioned<>(r2, e2), call(() -> store.get("inst")), "stale write ignored");
  }

  @Test
  void rule3_updateWithAnEtagOfARowThatIsGoneConflicts() {
    var store = hub().instances();
    String etag = call(() -> store.insert(sparseRecord("inst")));
    assertTrue(call(() -> store.delete("inst")));
    failure(Reason.CONFLICT, () -> store.update(fullRecord("inst", 0, 0), etag));
    assertNull(call(() -> store.get("inst")), "the failed update created nothing");
  }

  @Test
  void rule4_queryPagesThroughEveryRowOnceOrderedById() {
    var store = twentyFiveRows();
    var pages = pages(store, InstanceFilter.ALL, 10);
    assertEquals(List.of(10, 10, 5), pages.stream().map(List::size).toList(), "page sizes");
    var all = pages.stream().flatMap(List::stream).toList();
    assertEquals(IntStream.range(0, 25).mapToObj(InstanceStoreConformance::idOf).toList(), all);
  }

  @Test
  void rule4_queryFiltersByStatus() {
    var store = twentyFiveRows();
    var filter =
        new InstanceFilter(Set.of(RuntimeStatus.RUNNING, RuntimeStatus.FAILED), null, null, null);
    var expected =
        IntStream.range(0, 25)
            .filter(i -> filter.statuses().contains(statusOf(i)))
            .mapToObj(InstanceStoreConformance::idOf)
            .toList();
    assertEquals(6, expected.size());
    assertEquals(expected, ids(store, filter));
  }

  @Test
  void rule4_queryFiltersByTagsAllGivenPairsMustMatch() {
    var store = hub().instances();
    for (int i = 0; i < 12; i++) {
      InstanceRecord plain = row(idOf(i), RuntimeStatus.RUNNING, BASE.plusSeconds(i));
      Map<String, String> tags =
          Map.of("env", i % 2 == 0 ? "prod" : "dev", "team", i % 3 == 0 ? "a'b" : "c");
      InstanceRecord tagged =
          new InstanceRecord(
              plain.instanceId(),
              plain.name(),
              plain.version(),
              plain.executionId(),
              plain.status(),
              plain.input(),
              plain.output(),
              plain.customStatus(),
              plain.failure(),
              plain.createdAt(),
              plain.lastUpdatedAt(),
              plain.scheduledStartTime(),
              plain.parentInstanceId(),
              i == 11 ? Map.of() : tags);
      call(() -> store.insert(tagged));
    }
    var prod = new InstanceFilter(null, null, null, null, Map.of("env", "prod"));
    assertEquals(
        List.of("row-00", "row-02", "row-04", "row-06", "row-08", "row-10"), ids(store, prod));
    var both = new InstanceFilter(null, null, null, null, Map.of("env", "prod", "team", "a'b"));
    assertEquals(List.of("row-00", "row-06"), ids(store, both));
    assertEquals(
        List.of("row-00", "row-06"),
        pages(store, both, 2).stream().flatMap(List::stream).toList(),
        "small pages skip the rows the tags leave out and still end");
    var none = new InstanceFilter(null, null, null, null, Map.of("env", "staging"));
    assertEquals(List.of(), ids(store, none));
    assertEquals(Map.of(), call(() -> store.get("row-11")).value().tags());
    assertEquals(Map.of("env", "dev", "team", "c"), call(() -> store.get("row-01")).value().tags());
  }

  @Test
  void rule4_queryFiltersByCreatedTimeBothEndsIncluded() {
    var store = twentyFiveRows();
    var filter = new InstanceFilter(null, BASE.plusSeconds(5 * 60), BASE.plusSeconds(9 * 60), null);
    assertEquals(List.of("row-05", "row-06", "row-07", "row-08", "row-09"), ids(store, filter));
    var from = new InstanceFilter(null, BASE.plusSeconds(22 * 60), null, null);
    assertEquals(List.of("row-22", "row-23", "row-24"), ids(store, from));
    var to = new InstanceFilter(null, null, BASE.plusSeconds(60).minusNanos(1000), null);
    assertEquals(List.of("row-00"), ids(store, to));
  }

  @Test
  void rule4_queryMatchesTheIdPrefixLiterallyWhateverItsCharacters() {
    var store = hub().instances();
    var ids =
        List.of(
            "o'neil%",
            "o'neil%1",
            "o'neil%2",
            "o'neil_x",
            "o'neilx",
            "o''neil%4",
            "o'nei",
            "O'NEIL%3",
            "o",
            "p'",
            "a*b",
            "ab",
            "a",
            "b",
            "ü-1",
            "ü-2",
            "ü");
    call(
        () ->
            Future.all(
                ids.stream()
                    .map(id -> store.insert(row(id, RuntimeStatus.RUNNING, BASE)))
                    .toList()));
    assertEquals(
        List.of("o'neil%", "o'neil%1", "o'neil%2"),
        ids(store, new InstanceFilter(null, null, null, "o'neil%")));
    assertEquals(
        List.of("o''neil%4", "o'nei", "o'neil%", "o'neil%1", "o'neil%2", "o'neil_x", "o'neilx"),
        ids(store, new InstanceFilter(null, null, null, "o'")));
    assertEquals(List.of("a", "a*b", "ab"), ids(store, new InstanceFilter(null, null, null, "a")));
    assertEquals(List.of("a*b"), ids(store, new InstanceFilter(null, null, null, "a*")));
    assertEquals(List.of("ü-1", "ü-2"), ids(store, new InstanceFilter(null, null, null, "ü-")));
    for (String injection : List.of("' or 1 eq 1 or 'a' eq '", "%", "_", "*", "o'neil%9")) {
      assertEquals(
          List.of(), ids(store, new InstanceFilter(null, null, null, injection)), injection);
    }
  }

  @Test
  void rule4_filtersCombineAndPageTogether() {
    var store = twentyFiveRows();
    var filter =
        new InstanceFilter(
            Set.of(RuntimeStatus.PENDING, RuntimeStatus.RUNNING, RuntimeStatus.COMPLETED),
            BASE.plusSeconds(60),
            null,
            "row-");
    var expected =
        IntStream.range(1, 25)
            .filter(i -> filter.statuses().contains(statusOf(i)))
            .mapToObj(InstanceStoreConformance::idOf)
            .toList();
    var pages = pages(store, filter, 4);
    assertEquals(expected, pages.stream().flatMap(List::stream).toList());
    pages.subList(0, pages.size() - 1).forEach(p -> assertFalse(p.isEmpty(), "empty middle page"));
  }

  @Test
  void rule4_aQueryWithNoMatchIsOneLastPage() {
    var store = twentyFiveRows();
    var none =
        new InstanceFilter(
            Set.of(RuntimeStatus.SUSPENDED), BASE.plus(Duration.ofDays(1)), null, null);
    Page<InstanceRecord> page = call(() -> store.query(none, 10, null));
    assertEquals(List.of(), page.items());
    assertNull(page.continuation());
  }

  @Test
  void rule5_deleteRemovesTheRowAndAnswersWhetherThereWasOne() {
    var store = hub().instances();
    call(() -> store.insert(sparseRecord("inst")));
    call(() -> store.insert(sparseRecord("kept")));
    assertTrue(call(() -> store.delete("inst")));
    assertNull(call(() -> store.get("inst")));
    assertFalse(call(() -> store.delete("inst")));
    assertNotNull(call(() -> store.get("kept")), "other rows stay");
    assertEquals(List.of("kept"), ids(store, InstanceFilter.ALL));
    call(() -> store.insert(sparseRecord("inst")));
  }

  @Test
  void rule6_aRowReadsBackEqualWithPayloadsOfAnySize() {
    var store = hub().instances();
    var big = fullRecord("big-ü", LARGE, HUGE);
    String e1 = call(() -> store.insert(big));
    assertEquals(new Versioned<>(big, e1), call(() -> store.get("big-ü")));
    var query = new InstanceFilter(null, null, null, "big-");
    assertEquals(List.of(big), call(() -> store.query(query, 10, null)).items());

    var bigger = fullRecord("big-ü", HUGE, LARGE);
    String e2 = call(() -> store.update(bigger, e1));
    assertEquals(new Versioned<>(bigger, e2), call(() -> store.get("big-ü")));
    var small = sparseRecord("big-ü");
    String e3 = call(() -> store.update(small, e2));
    assertEquals(new Versioned<>(small, e3), call(() -> store.get("big-ü")), "nulls stay null");
    assertEquals(List.of(small), call(() -> store.query(query, 10, null)).items());
  }

  @Test
  void rule6_theHistoryPositionReadsBackWhole() {
    var store = hub().instances();
    var pending = sparseRecord("pos");
    assertEquals(0L, pending.historyPosition(), "a start's row: no commit yet");
    String e1 = call(() -> store.insert(pending));
    long position = (2L << 32) + 7; // past 32 bits: two rewinds in, 7 events
    var running =
        new InstanceRecord(
            "pos",
            "o",
            null,
            "exec-1",
            RuntimeStatus.RUNNING,
            null,
            null,
            null,
            null,
            pending.createdAt(),
            pending.createdAt().plusSeconds(1),
            null,
            null,
            java.util.Map.of(),
            position);
    String e2 = call(() -> store.update(running, e1));
    Versioned<InstanceRecord> read = call(() -> store.get("pos"));
    assertEquals(new Versioned<>(running, e2), read);
    assertEquals(position, read.value().historyPosition());
    assertTrue(read.value().isNewerThan(pending), "further along the same execution");
    assertFalse(pending.isNewerThan(read.value()));
    assertEquals(
        List.of(position),
        call(() -> store.query(new InstanceFilter(null, null, null, "pos"), 10, null))
            .items()
            .stream()
            .map(InstanceRecord::historyPosition)
            .toList());
  }
}
