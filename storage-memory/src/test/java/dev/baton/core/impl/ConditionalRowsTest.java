package dev.baton.core.impl;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.InstanceStore;
import dev.baton.core.spi.StoreException;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.memory.MemoryBackend;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The one conditional row write of orchestrations and entities keeps the newest row. */
@ExtendWith(VertxExtension.class)
class ConditionalRowsTest {

  private static final Instant T = Instant.parse("2026-03-04T05:06:07Z");

  private InstanceStore rows;

  @BeforeEach
  void open(Vertx vertx) {
    TaskHubStore hub = await(MemoryBackend.create().open(vertx, "cond", 1));
    rows = hub.instances();
  }

  private static InstanceRecord row(RuntimeStatus status, long position) {
    return new InstanceRecord(
        "i", "o", null, "e1", status, null, null, null, null, T, T, null, null, Map.of(), position);
  }

  private ConditionalRows.Outcome write(InstanceRecord row, String etag, boolean insertFirst) {
    return await(ConditionalRows.write(rows, row, etag, true, insertFirst, 5));
  }

  @Test
  void aMissingRowIsInsertedAndAKnownEtagUpdatesIt() {
    var first = write(row(RuntimeStatus.RUNNING, 2), null, false);
    assertTrue(first.written());
    assertEquals(first.etag(), await(rows.get("i")).etag());
    var second = write(row(RuntimeStatus.COMPLETED, 5), first.etag(), false);
    assertTrue(second.written());
    assertNotEquals(first.etag(), second.etag());
    assertEquals(RuntimeStatus.COMPLETED, await(rows.get("i")).value().status());
  }

  @Test
  void aStaleWriteLeavesTheNewerRowAndReportsItsEtag() {
    var old = write(row(RuntimeStatus.RUNNING, 2), null, true);
    var newer = write(row(RuntimeStatus.COMPLETED, 5), old.etag(), false);
    // a stale owner still holding the first ETag, and one that knows none
    for (String etag : new String[] {old.etag(), null}) {
      var late = write(row(RuntimeStatus.RUNNING, 3), etag, false);
      assertFalse(late.written());
      assertEquals(newer.etag(), late.etag());
    }
    assertFalse(write(row(RuntimeStatus.RUNNING, 3), null, true).written(), "insert first too");
    assertEquals(RuntimeStatus.COMPLETED, await(rows.get("i")).value().status());
  }

  @Test
  void anOlderRowIsOverwrittenAfterAConflictAndTriesAreBounded() {
    var old = write(row(RuntimeStatus.RUNNING, 2), null, false);
    var other = write(row(RuntimeStatus.RUNNING, 3), old.etag(), false);
    var mine = write(row(RuntimeStatus.COMPLETED, 5), old.etag(), false);
    assertTrue(mine.written(), "the conflict reads the row again: it is older, so it is written");
    assertNotEquals(other.etag(), mine.etag());
    var noMore = ConditionalRows.write(rows, row(RuntimeStatus.FAILED, 9), "stale", true, false, 1);
    assertTrue(
        StoreException.is(failure(noMore), StoreException.Reason.CONFLICT),
        "one try: the conflict is the answer");
    assertEquals(RuntimeStatus.COMPLETED, await(rows.get("i")).value().status());
  }
}
