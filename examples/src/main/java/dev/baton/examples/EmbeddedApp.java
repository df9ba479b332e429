package dev.baton.examples;

import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.spi.Backend;
import dev.baton.storage.azure.AzureBackend;
import dev.baton.storage.azure.AzureStorageOptions;
import dev.baton.storage.azure.testing.Azurite;
import dev.baton.storage.memory.MemoryBackend;
import io.netty.util.Version;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * An application that embeds Baton in its own Vert.x, as a user of the published artifacts does:
 * one orchestration on the in-memory backend, then the same on Azure Storage (the account of {@code
 * AZURE_STORAGE_CONNECTION_STRING}, or an Azurite this program starts when it is unset). It exits 0
 * when both complete with the expected greetings, 1 otherwise, so a build that runs it fails when a
 * consumer's classpath is broken (two Netty lines side by side, say).
 *
 * <p>Arguments: none. System property {@code azurite.dir}: where Azurite is installed (or will be,
 * with {@code npm ci}); default {@code target/azurite}.
 */
public final class EmbeddedApp {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> EXPECTED = List.of("Hello Tokyo!", "Hello London!");

  private EmbeddedApp() {}

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    boolean ok;
    try {
      requireOneNetty();
      ok = run(vertx, "memory", MemoryBackend.create());
      String connection = System.getenv("AZURE_STORAGE_CONNECTION_STRING");
      if (connection != null && !connection.isBlank()) {
        ok &= run(vertx, "azure", azure(connection));
      } else {
        Path dir = Path.of(System.getProperty("azurite.dir", "target/azurite"));
        try (Azurite azurite = Azurite.start(dir, Path.of("target"))) {
          ok &= run(vertx, "azurite", azure(azurite.connectionString()));
        }
      }
    } finally {
      await(vertx.close());
    }
    System.exit(ok ? 0 : 1);
  }

  private static Backend azure(String connectionString) {
    return AzureBackend.create(new AzureStorageOptions().setConnectionString(connectionString));
  }

  /** Runs the greetings orchestration on one backend and says whether it gave the greetings. */
  private static boolean run(Vertx vertx, String label, Backend backend) throws Exception {
    Baton baton =
        Baton.builder(vertx)
            .backend(backend)
            .addOrchestrator(
                "greetings",
                ctx -> {
                  String a = ctx.callActivity("hello", "Tokyo", String.class).await();
                  String b = ctx.callActivity("hello", "London", String.class).await();
                  return List.of(a, b);
                })
            .addActivity("hello", ctx -> "Hello " + ctx.input(String.class) + "!")
            .build();
    try {
      await(baton.start());
      InstanceMetadata done =
          await(
              baton
                  .client()
                  .scheduleNewOrchestration("greetings", null)
                  .compose(id -> baton.client().waitForInstanceCompletion(id, TIMEOUT)));
      List<?> output = done.readOutput(List.class);
      boolean ok = done.status() == RuntimeStatus.COMPLETED && EXPECTED.equals(output);
      System.out.println(label + ": " + done.instanceId() + " " + done.status() + " " + output);
      return ok;
    } finally {
      await(baton.close());
    }
  }

  /** Fails at once, naming the versions, when the classpath mixes Netty lines. */
  private static void requireOneNetty() {
    Map<String, String> versions = new TreeMap<>();
    Version.identify()
        .forEach(
            (artifact, v) -> {
              if (!artifact.startsWith("netty-tcnative")) { // versioned on its own (2.0.x)
                versions.put(artifact, v.artifactVersion());
              }
            });
    if (versions.values().stream().distinct().count() > 1) {
      throw new IllegalStateException("Netty artifacts of several versions: " + versions);
    }
    System.out.println("netty: " + versions.values().stream().findFirst().orElse("none"));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future
        .toCompletionStage()
        .toCompletableFuture()
        .get(TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
  }
}
