package dev.baton.storage.azure.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.spi.InstanceFilter;
import dev.baton.core.spi.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Filter text, blob names and tokens, without a store. */
class ODataAndKeysTest {

  @Test
  void quotesAreDoubledSoAValueCannotCloseItsLiteral() {
    assertEquals("'a'' or PartitionKey ne '''", OData.quote("a' or PartitionKey ne '"));
    assertEquals(
        "RowKey eq '' and PartitionKey ge 'a'' or 1 eq 1 or ''' and PartitionKey lt 'a'' or 1 eq"
            + " 1 or (' and PartitionKey gt 'x''y'",
        AzureInstanceStore.filterText(
            new InstanceFilter(Set.of(), null, null, "a' or 1 eq 1 or '"), "x'y"));
  }

  @Test
  void aFilterCombinesStatusesTimesAndPrefixWithAnd() {
    var filter =
        new InstanceFilter(
            Set.of(RuntimeStatus.RUNNING, RuntimeStatus.PENDING),
            Instant.parse("2026-01-02T03:04:05Z"),
            Instant.parse("2026-01-03T00:00:00.5Z"),
            "ord");
    assertEquals(
        "RowKey eq '' and (RuntimeStatus eq 'Pending' or RuntimeStatus eq 'Running')"
            + " and CreatedTime ge '2026-01-02T03:04:05.000000000Z'"
            + " and CreatedTime le '2026-01-03T00:00:00.500000000Z'"
            + " and PartitionKey ge 'ord' and PartitionKey lt 'ore'",
        AzureInstanceStore.filterText(filter, null));
  }

  @Test
  void thePrefixUpperBoundIsTheLeastStringAfterEveryExtension() {
    assertEquals("ab", OData.prefixUpperBound("aa"));
    assertEquals("b", OData.prefixUpperBound("a\uffff"));
    assertNull(OData.prefixUpperBound("\uffff\uffff"));
  }

  @Test
  void blobSegmentsAreReadableAndNeverDotSegments() {
    assertEquals("@counter@key-1", Keys.blobSegment("@counter@key-1"));
    assertEquals("%2E%2E", Keys.blobSegment(".."));
    assertEquals("a%20b%27c", Keys.blobSegment("a b'c"));
    assertTrue(Keys.blobSegment("x".repeat(300)).startsWith("sha256-"));
  }

  @Test
  void tableKeysEscapeWhatAzureForbidsAsDurableFunctionsDoes() {
    assertEquals("order-42", Keys.partitionKey("order-42"));
    assertEquals("@counter@key", Keys.partitionKey("@counter@key"));
    assertEquals("a^0b^1c^2d^3e^^f", Keys.partitionKey("a/b\\c#d?e^f"));
    assertEquals(
        "^\u00C0^\u00C1^\u00DF^\u013F^\u015F", Keys.partitionKey("\u0000\u0001\u001F\u007F\u009F"));
    assertEquals("tab^\u00C9x", Keys.partitionKey("tab\tx"));
    for (String id :
        List.of(
            "plain",
            "a/b\\c#d?e^f",
            "^",
            "^^0",
            "^0",
            "\u0000\r\n\t\u007F\u0080\u009F\u00A0\u00C0",
            "ключ 'q' %2F ..",
            "\uD83D\uDE00/x")) {
      String key = Keys.partitionKey(id);
      assertEquals(id, Keys.instanceId(key), id);
      for (char c : key.toCharArray()) {
        assertFalse(
            c == '/' || c == '\\' || c == '#' || c == '?' || c <= 0x1F || (c >= 0x7F && c <= 0x9F),
            "a forbidden character in " + key);
      }
    }
    // a prefix of an id escapes to a prefix of its key: prefix queries stay key ranges
    assertTrue(Keys.partitionKey("a/b?c").startsWith(Keys.escape("a/b")));
    assertFalse(Keys.partitionKey("a^0").startsWith(Keys.escape("a/")));
    assertEquals(
        "RowKey eq '' and PartitionKey ge 'x^0' and PartitionKey lt 'x^1'",
        AzureInstanceStore.filterText(new InstanceFilter(Set.of(), null, null, "x/"), null));
  }

  @Test
  void anIdWhoseKeyWouldPassOneKibIsAnInvalidKey() {
    assertEquals(512, Keys.partitionKey("x".repeat(512)).length());
    assertEquals(512, Keys.partitionKey("/".repeat(256)).length(), "256 escaped characters fit");
    for (String id : List.of("", "x".repeat(513), "/".repeat(257))) {
      var e = assertThrows(StoreException.class, () -> Keys.partitionKey(id), id);
      assertEquals(StoreException.Reason.INVALID_KEY, e.reason());
      assertTrue(e.getMessage().contains("cannot be an Azure Table key"), e.getMessage());
    }
    assertThrows(StoreException.class, () -> Keys.partitionKey(null));
  }

  @Test
  void historyTokensNameTheWriteAndSurviveAnyWriteId() {
    var head = new HistoryRows.Head(3, 10, "W/\"etag\"", "1b2c.3d");
    var parsed = HistoryRows.Head.parse(head.token());
    assertTrue(head.sameWrite(parsed));
    assertFalse(head.sameWrite(new HistoryRows.Head(3, 11, null, "1b2c.3d")));
    assertEquals("0000000000000100", HistoryRows.rowKey(256));
  }

  @Test
  void theTransactionEtagIsTheFirstOperationsHeader() {
    String body =
        "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=cs_1\r\n\r\n--cs_1\r\n"
            + "HTTP/1.1 204 No Content\r\netag: W/\"datetime'2026-01-01T00%3A00%3A00Z'\"\r\n\r\n"
            + "--cs_1\r\nHTTP/1.1 204 No Content\r\nETag: W/\"other\"\r\n\r\n--cs_1--\r\n";
    assertEquals("W/\"datetime'2026-01-01T00%3A00%3A00Z'\"", TransactionEtagPolicy.firstEtag(body));
    assertNull(TransactionEtagPolicy.firstEtag("HTTP/1.1 202 Accepted\r\n\r\n"));
  }
}
