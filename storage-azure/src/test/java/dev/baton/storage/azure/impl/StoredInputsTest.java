package dev.baton.storage.azure.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.spi.InstanceRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a status-row write may name the input blob of the row it replaces instead of uploading the
 * input again, and what such a row looks like, without a store.
 */
class StoredInputsTest {

  private static final String INPUT = "\"" + "x".repeat(40_000) + "\"";
  private static final byte[] DIGEST = StoredInputs.digest(INPUT);

  @Test
  void onlyTheSameEtagExecutionAndInputFindTheBlob() {
    var inputs = new StoredInputs(10);
    inputs.remember("i", "etag-1", "e1", "instances/i/Input/a.json.gz", DIGEST);

    assertEquals("instances/i/Input/a.json.gz", inputs.blobFor("i", "etag-1", "e1", DIGEST));
    assertEquals(
        "instances/i/Input/a.json.gz",
        inputs.blobFor("i", "etag-1", "e1", StoredInputs.digest(new String(INPUT))),
        "an equal input read back or built again");
    assertNull(inputs.blobFor("i", "etag-2", "e1", DIGEST), "another row");
    assertNull(inputs.blobFor("i", null, "e1", DIGEST), "a write without an ETag");
    assertNull(inputs.blobFor("i", "etag-1", "e2", DIGEST), "another execution");
    assertNull(
        inputs.blobFor("i", "etag-1", "e1", StoredInputs.digest(INPUT + " ")), "another input");
    assertNull(inputs.blobFor("i", "etag-1", "e1", null), "an input that is not offloaded");
    assertNull(inputs.blobFor("j", "etag-1", "e1", DIGEST), "another instance");
  }

  @Test
  void aRowWithoutAnInputBlobOrADeleteForgetsTheInstance() {
    var inputs = new StoredInputs(10);
    inputs.remember("i", "etag-1", "e1", "blob", DIGEST);
    inputs.remember("i", "etag-2", "e1", null, null);
    assertNull(inputs.blobFor("i", "etag-1", "e1", DIGEST));
    assertEquals(0, inputs.size());

    inputs.remember("i", "etag-3", "e1", "blob", DIGEST);
    inputs.forget("i");
    assertNull(inputs.blobFor("i", "etag-3", "e1", DIGEST));
  }

  @Test
  void theLeastRecentlyUsedInstanceIsDroppedBeyondTheCapacity() {
    var inputs = new StoredInputs(2);
    inputs.remember("a", "ea", "e", "blob-a", DIGEST);
    inputs.remember("b", "eb", "e", "blob-b", DIGEST);
    assertEquals("blob-a", inputs.blobFor("a", "ea", "e", DIGEST)); // a is now the most recent
    inputs.remember("c", "ec", "e", "blob-c", DIGEST);

    assertEquals(2, inputs.size());
    assertNull(inputs.blobFor("b", "eb", "e", DIGEST), "dropped: its next write uploads");
    assertEquals("blob-a", inputs.blobFor("a", "ea", "e", DIGEST));
    assertEquals("blob-c", inputs.blobFor("c", "ec", "e", DIGEST));
  }

  @Test
  void aCapacityBelowOneIsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> new StoredInputs(0));
    assertEquals("capacity must be at least 1: 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new StoredInputs(-5));
  }

  @Test
  void aRowNamingTheStoredInputOffloadsNothingAndKeepsTheBlobFromCollection() {
    InstanceRecord record = record(INPUT, "\"" + "y".repeat(40_000) + "\"");
    var encoded = InstanceRows.encode(record, "instances/i/Input/kept.json.gz");

    assertEquals("instances/i/Input/kept.json.gz", InstanceRows.inputBlobName(encoded.entity()));
    assertNull(encoded.entity().getProperty("Input"));
    assertEquals(1, encoded.offloads().size(), "only the new output is uploaded");
    assertTrue(encoded.offloads().get(0).blobName().startsWith("instances/i/Output/"));
    List<String> kept = InstanceRows.blobNames(encoded.entity());
    assertTrue(kept.contains("instances/i/Input/kept.json.gz"), "collection keeps it: " + kept);

    var fresh = InstanceRows.encode(record);
    assertEquals(2, fresh.offloads().size(), "without a stored input both are uploaded");
  }

  @Test
  void aStoredInputForAnInputThatFitsAPropertyIsRefused() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> InstanceRows.encode(record("\"small\"", null), "instances/i/Input/x.json.gz"));
    assertEquals("only an input over the property limit lies in a blob", e.getMessage());
  }

  private static InstanceRecord record(String input, String output) {
    Instant t = Instant.parse("2026-01-02T03:04:05Z");
    return new InstanceRecord(
        "i",
        "orch",
        null,
        "e1",
        RuntimeStatus.COMPLETED,
        input,
        output,
        null,
        null,
        t,
        t,
        null,
        null);
  }
}
