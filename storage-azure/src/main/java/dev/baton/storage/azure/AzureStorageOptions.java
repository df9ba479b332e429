package dev.baton.storage.azure;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * How {@link AzureBackend} reaches Azure Storage, in the style of Vert.x options: {@code DEFAULT_*}
 * constants, fluent setters, a {@link JsonObject} constructor and {@link #toJson()}, so they map to
 * Vert.x config.
 *
 * <pre>{@code
 * var options = new AzureStorageOptions()
 *     .setConnectionString(System.getenv("AZURE_STORAGE_CONNECTION_STRING"));
 * Backend backend = AzureBackend.create(options);
 * }</pre>
 */
public final class AzureStorageOptions {

  /** Azurite's development storage on its default local ports. */
  public static final String DEFAULT_CONNECTION_STRING = "UseDevelopmentStorage=true";

  /** Opening a task hub that does not exist creates it. */
  public static final boolean DEFAULT_CREATE_IF_NOT_EXISTS = true;

  private String connectionString = DEFAULT_CONNECTION_STRING;
  private boolean createIfNotExists = DEFAULT_CREATE_IF_NOT_EXISTS;

  public AzureStorageOptions() {}

  /** A copy of {@code other}. */
  public AzureStorageOptions(AzureStorageOptions other) {
    this.connectionString = other.connectionString;
    this.createIfNotExists = other.createIfNotExists;
  }

  /** Options from JSON: {@code {"connectionString": "...", "createIfNotExists": true}}. */
  public AzureStorageOptions(JsonObject json) {
    this.connectionString = json.getString("connectionString", DEFAULT_CONNECTION_STRING);
    this.createIfNotExists = json.getBoolean("createIfNotExists", DEFAULT_CREATE_IF_NOT_EXISTS);
  }

  /** The storage account's connection string. */
  public String getConnectionString() {
    return connectionString;
  }

  public AzureStorageOptions setConnectionString(String connectionString) {
    this.connectionString = Objects.requireNonNull(connectionString, "connectionString");
    return this;
  }

  /**
   * Whether opening a task hub that does not exist creates it ({@code true}), or fails with {@code
   * StoreException} NOT_FOUND ({@code false}).
   */
  public boolean isCreateIfNotExists() {
    return createIfNotExists;
  }

  public AzureStorageOptions setCreateIfNotExists(boolean createIfNotExists) {
    this.createIfNotExists = createIfNotExists;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("connectionString", connectionString)
        .put("createIfNotExists", createIfNotExists);
  }

  @Override
  public String toString() {
    // the connection string may hold an account key: never print it
    return "AzureStorageOptions{createIfNotExists=" + createIfNotExists + "}";
  }
}
