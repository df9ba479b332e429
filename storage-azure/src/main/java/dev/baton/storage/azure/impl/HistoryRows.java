package dev.baton.storage.azure.impl;

import com.azure.data.tables.models.TableEntity;
import dev.baton.core.spi.StoreException;
import java.util.HexFormat;

/**
 * The rows of the {@code {hub}History} table: PartitionKey the instance id, RowKey the sequence
 * number as 16 upper-case hex digits, one event per row ({@code EventType}, and {@code Event}
 * holding the event's JSON or {@code EventBlobName} naming the blob that holds it), and one
 * sentinel row (RowKey {@code sentinel}, after every hex key) whose ETag guards every write.
 *
 * <p>The sentinel says which rows are the history: those with keys in {@code [Base, Committed)}.
 * Rows outside that range are leftovers of an interrupted write or of an earlier execution, ignored
 * by reads and overwritten or deleted later.
 */
final class HistoryRows {

  static final String SENTINEL = "sentinel";
  static final String BASE = "Base";
  static final String COMMITTED = "Committed";
  static final String WRITE_ID = "WriteId";
  static final String EVENT_TYPE = "EventType";
  static final String EVENT = "Event";
  static final String EVENT_BLOB = "EventBlobName";
  static final String ETAG_PROPERTY = "odata.etag";

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private HistoryRows() {}

  /** The RowKey of sequence number {@code seq}: 16 upper-case hex digits. */
  static String rowKey(long seq) {
    return HEX.toHexDigits(seq);
  }

  /**
   * The sentinel's state: the history is the rows {@code [base, committed)}; {@code etag} is its
   * Azure ETag when known, {@code writeId} the id of the write that produced it.
   */
  record Head(long base, long committed, String etag, String writeId) {

    static Head of(TableEntity sentinel) {
      return new Head(
          asLong(sentinel.getProperty(BASE)),
          asLong(sentinel.getProperty(COMMITTED)),
          sentinel.getETag(),
          (String) sentinel.getProperty(WRITE_ID));
    }

    Head withEtag(String etag) {
      return new Head(base, committed, etag, writeId);
    }

    boolean isEmpty() {
      return committed == base;
    }

    /**
     * The token handed to the engine as the history's ETag: {@code base.committed.writeId}. It
     * names the write that produced the sentinel, not the sentinel's Azure ETag, because a
     * transaction's response does not carry the new ETag: the next write finds the ETag by reading
     * the sentinel (or from what the last load read) and checks the write id first.
     */
    String token() {
      return base + "." + committed + "." + writeId;
    }

    static Head parse(String token) {
      int a = token.indexOf('.');
      int b = a < 0 ? -1 : token.indexOf('.', a + 1);
      if (a < 0 || b < 0 || b + 1 >= token.length()) {
        throw staleToken(token);
      }
      try {
        return new Head(
            Long.parseLong(token.substring(0, a)),
            Long.parseLong(token.substring(a + 1, b)),
            null,
            token.substring(b + 1));
      } catch (NumberFormatException e) {
        throw staleToken(token);
      }
    }

    /** Whether {@code other} names the same write (ETags aside). */
    boolean sameWrite(Head other) {
      return other != null
          && base == other.base
          && committed == other.committed
          && writeId.equals(other.writeId);
    }

    private static StoreException staleToken(String token) {
      return new StoreException(
          StoreException.Reason.CONFLICT, "'" + token + "' is not an ETag of this history");
    }

    private static long asLong(Object value) {
      return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
    }
  }

  static TableEntity sentinel(String instanceId, long base, long committed, String writeId) {
    return new TableEntity(instanceId, SENTINEL)
        .addProperty(BASE, base)
        .addProperty(COMMITTED, committed)
        .addProperty(WRITE_ID, writeId);
  }

  /**
   * An upper bound of the bytes {@code text} takes in a transaction's JSON body: escapes and
   * characters outside ASCII counted as six-character escapes.
   */
  static long jsonBytes(String text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x80) {
        n += 6;
      } else if (c == '"' || c == '\\') {
        n += 2;
      } else {
        n += 1;
      }
    }
    return n;
  }
}
