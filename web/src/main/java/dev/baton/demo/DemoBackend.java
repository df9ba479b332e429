package dev.baton.demo;

import dev.baton.core.spi.Backend;
import dev.baton.storage.azure.AzureBackend;
import dev.baton.storage.azure.AzureStorageOptions;
import dev.baton.storage.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * Takes {@code --backend NAME} out of {@code args} (which keeps the other arguments) and creates
   * that backend.
   */
  static DemoBackend fromArgs(List<String> args) {
    String name = "memory";
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals(OPTION)) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(OPTION + " needs a value: memory or azure");
        }
        name = args.get(++i);
      } else if (args.get(i).startsWith(OPTION + "=")) {
        name = args.get(i).substring(OPTION.length() + 1);
      } else {
        rest.add(args.get(i));
      }
    }
    args.clear();
    args.addAll(rest);
    return create(name, System.getenv(CONNECTION_STRING_VARIABLE));
  }

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
