package dev.baton.demo;

import dev.baton.core.spi.Backend;
import dev.baton.storage.azure.AzureBackend;
import dev.baton.storage.azure.AzureStorageOptions;
import dev.baton.storage.memory.MemoryBackend;

/**
 * The demo's storage, picked by {@code --backend memory|azure} (default memory). Azure Storage is
 * reached with the connection string in {@code AZURE_STORAGE_CONNECTION_STRING}, or Azurite's
 * development storage on its default local ports when it is unset.
 *
 * @param backend the backend; the demo closes it after its engine
 * @param description what the demo prints about it (never a connection string, which may hold a
 *     key)
 */
record DemoBackend(Backend backend, String description) {

  static final String OPTION = "--backend";
  static final String CONNECTION_STRING_VARIABLE = "AZURE_STORAGE_CONNECTION_STRING";

  /** The backend named {@code memory} or {@code azure}; Azure uses {@code connectionString}. */
  static DemoBackend create(String name, String connectionString) {
    return switch (name) {
      case "memory" -> new DemoBackend(MemoryBackend.create(), "memory");
      case "azure" -> {
        boolean given = connectionString != null && !connectionString.isBlank();
        var options = new AzureStorageOptions();
        if (given) {
          options.setConnectionString(connectionString);
        }
        yield new DemoBackend(
            AzureBackend.create(options),
            "Azure Storage ("
                + (given
                    ? CONNECTION_STRING_VARIABLE
                    : "development storage: Azurite on 127.0.0.1:10000-10002")
                + ")");
      }
      default ->
          throw new IllegalArgumentException(
              "unknown backend '" + name + "': use " + OPTION + " memory or " + OPTION + " azure");
    };
  }
}
