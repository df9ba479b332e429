package dev.baton.storage.azure.impl;

import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.core.FailureDetails;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.spi.InstanceRecord;
import io.vertx.core.Future;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of the {@code {hub}Instances} table: PartitionKey the instance id, RowKey empty, columns
 * named as Durable Functions names them ({@code Name, Version, ExecutionId, RuntimeStatus, Input,
 * Output, CustomStatus, FailureDetails, CreatedTime, LastUpdatedTime, ScheduledStartTime,
 * ParentInstanceId, Tags}; {@code Tags} is a JSON object, present only when there are tags), plus
 * Baton's {@code HistoryPosition} (Int64, how far the history had got when the row was written; a
 * row without it reads as 0). A payload column over 60 KB is kept in {@code {hub}-largemessages}
 * and the row holds {@code <Column>BlobName} instead.
 *
 * <p>Times are text in a fixed-width ISO-8601 form with nanoseconds ({@code
 * 2026-01-02T03:04:05.123456789Z}), so they read back exactly and compare as text in filters.
 */
final class InstanceRows {

  static final String NAME = "Name";
  static final String VERSION = "Version";
  static final String EXECUTION_ID = "ExecutionId";
  static final String STATUS = "RuntimeStatus";
  static final String INPUT = "Input";
  static final String OUTPUT = "Output";
  static final String CUSTOM_STATUS = "CustomStatus";
  static final String FAILURE = "FailureDetails";
  static final String CREATED = "CreatedTime";
  static final String UPDATED = "LastUpdatedTime";
  static final String SCHEDULED_START = "ScheduledStartTime";
  static final String PARENT = "ParentInstanceId";
  static final String TAGS = "Tags";
  static final String POSITION = "HistoryPosition";
  static final String BLOB_SUFFIX = "BlobName";
  static final List<String> PAYLOAD_COLUMNS = List.of(INPUT, OUTPUT, CUSTOM_STATUS, FAILURE);

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private InstanceRows() {}

  /** A row ready to be written, with the payloads that must be stored as blobs first. */
  record Encoded(TableEntity entity, List<Offload> offloads) {}

  /** A payload column kept in a blob. */
  record Offload(String blobName, String text) {}

  static String time(Instant t) {
    return TIME.format(t);
  }

  static String blobFolder(String instanceId) {
    return "instances/" + Keys.blobSegment(Keys.escape(instanceId));
  }

  static Encoded encode(InstanceRecord r) {
    return encode(r, null);
  }

  /**
   * The row of {@code r}. {@code storedInput}: the blob that already holds {@code r}'s input (over
   * the property limit), which the row names instead of offloading the input again; {@code null}:
   * offload it to a new blob when it is too large.
   */
  static Encoded encode(InstanceRecord r, String storedInput) {
    if (storedInput != null && !LargePayloads.tooLargeForProperty(r.input())) {
      throw new IllegalArgumentException("only an input over the property limit lies in a blob");
    }
    var e = new TableEntity(Keys.partitionKey(r.instanceId()), "");
    var offloads = new ArrayList<Offload>();
    e.addProperty(NAME, r.name());
    put(e, VERSION, r.version());
    e.addProperty(EXECUTION_ID, r.executionId());
    e.addProperty(STATUS, r.status().wireName());
    String folder = blobFolder(r.instanceId());
    if (storedInput != null) {
      e.addProperty(INPUT + BLOB_SUFFIX, storedInput);
    } else {
      putPayload(e, offloads, folder, INPUT, r.input());
    }
    putPayload(e, offloads, folder, OUTPUT, r.output());
    putPayload(e, offloads, folder, CUSTOM_STATUS, r.customStatus());
    putPayload(e, offloads, folder, FAILURE, r.failure() == null ? null : write(r.failure()));
    e.addProperty(CREATED, time(r.createdAt()));
    e.addProperty(UPDATED, time(r.lastUpdatedAt()));
    put(e, SCHEDULED_START, r.scheduledStartTime() == null ? null : time(r.scheduledStartTime()));
    put(e, PARENT, r.parentInstanceId());
    put(e, TAGS, r.tags().isEmpty() ? null : writeTags(r.tags()));
    e.addProperty(POSITION, r.historyPosition());
    return new Encoded(e, offloads);
  }

  private static void put(TableEntity e, String column, String value) {
    if (value != null) {
      e.addProperty(column, value);
    }
  }

  private static void putPayload(
      TableEntity e, List<Offload> offloads, String folder, String column, String value) {
    if (value == null) {
      return;
    }
    if (LargePayloads.tooLargeForProperty(value)) {
      String name = LargePayloads.newBlobName(folder + "/" + column);
      offloads.add(new Offload(name, value));
      e.addProperty(column + BLOB_SUFFIX, name);
    } else {
      e.addProperty(column, value);
    }
  }

  /** The blob that holds the row's input, or {@code null} when the row holds it (or none). */
  static String inputBlobName(TableEntity e) {
    return e.getProperty(INPUT + BLOB_SUFFIX) instanceof String name ? name : null;
  }

  /** The blob names a row refers to. */
  static List<String> blobNames(TableEntity e) {
    var names = new ArrayList<String>();
    for (String column : PAYLOAD_COLUMNS) {
      if (e.getProperty(column + BLOB_SUFFIX) instanceof String name) {
        names.add(name);
      }
    }
    return names;
  }

  /** Decodes a row, reading its offloaded payloads through {@code blobs}. */
  static Future<InstanceRecord> decode(TableEntity e, LargePayloads blobs) {
    var payloads = new ArrayList<Future<String>>(PAYLOAD_COLUMNS.size());
    for (String column : PAYLOAD_COLUMNS) {
      Object blob = e.getProperty(column + BLOB_SUFFIX);
      payloads.add(
          blob != null
              ? blobs.read((String) blob)
              : Future.succeededFuture((String) e.getProperty(column)));
    }
    return Future.all(payloads)
        .map(
            all -> {
              String failure = all.resultAt(3);
              return new InstanceRecord(
                  Keys.instanceId(e.getPartitionKey()),
                  (String) e.getProperty(NAME),
                  (String) e.getProperty(VERSION),
                  (String) e.getProperty(EXECUTION_ID),
                  RuntimeStatus.parse((String) e.getProperty(STATUS)),
                  all.resultAt(0),
                  all.resultAt(1),
                  all.resultAt(2),
                  failure == null ? null : read(failure),
                  instant(e, CREATED),
                  instant(e, UPDATED),
                  instant(e, SCHEDULED_START),
                  (String) e.getProperty(PARENT),
                  readTags((String) e.getProperty(TAGS)),
                  e.getProperty(POSITION) instanceof Number n ? n.longValue() : 0L);
            });
  }

  private static Instant instant(TableEntity e, String column) {
    Object v = e.getProperty(column);
    if (v == null) {
      return null;
    }
    if (v instanceof java.time.OffsetDateTime odt) {
      return odt.toInstant();
    }
    return Instant.parse((String) v);
  }

  private static String writeTags(Map<String, String> tags) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(tags));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> readTags(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not instance tags: " + e.getOriginalMessage(), e);
    }
  }

  private static String write(FailureDetails failure) {
    try {
      return JSON.writeValueAsString(failure);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FailureDetails read(String json) {
    try {
      return JSON.readValue(json, FailureDetails.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not failure details: " + e.getOriginalMessage(), e);
    }
  }
}
