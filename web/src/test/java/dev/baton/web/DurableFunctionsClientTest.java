package dev.baton.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Durable Functions' own client, the npm package {@code durable-functions} pinned in this module's
 * {@code package-lock.json} (installed with {@code npm ci} on first use, as the storage-azure tests
 * install Azurite), driven through every management call it has against a real server of this
 * module: in its {@code rpcBaseUrl} mode against an open loopback API, and in its management-URL
 * mode, as a Functions host hands it over, against an API with a key. The script is {@code
 * src/test/node/df-client-check.js}.
 */
class DurableFunctionsClientTest {

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final List<String> STEPS =
      List.of(
          "start and status with history",
          "raise event",
          "suspend, resume, terminate",
          "rewind",
          "query with paging",
          "purge one and many",
          "entity signal and read");

  @Test
  void theClientInItsRpcModeAgainstAnOpenApi() throws Exception {
    try (var f = new ApiFixture()) {
      run(f, "rpc", null);
    }
  }

  @Test
  void theClientWithManagementUrlsAgainstAnApiWithAKey() throws Exception {
    try (var f = new ApiFixture(new DurableHttpApiOptions().setKey("client-key"), x -> {})) {
      run(f, "urls", "client-key");
    }
  }

  private static void run(ApiFixture f, String mode, String key) throws Exception {
    installClient();
    Path log = Files.createTempFile(MODULE.resolve("target"), "df-client-" + mode, ".log");
    var command =
        new ProcessBuilder(List.of("node", "src/test/node/df-client-check.js"))
            .directory(MODULE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = command.environment();
    env.put("BATON_BASE", "http://127.0.0.1:" + f.port() + f.path(""));
    env.put("BATON_MODE", mode);
    env.put("BATON_HUB", f.hub);
    env.put("BATON_PREFIX", mode + "-");
    if (key != null) {
      env.put("BATON_KEY", key);
    }
    Process process = command.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the client script ran for 3 minutes: " + Files.readString(log));
    }
    String output = Files.readString(log);
    assertEquals(0, process.exitValue(), output);
    for (String step : STEPS) {
      assertTrue(output.contains("ok " + step + "\n"), "missing step '" + step + "' in: " + output);
    }
    assertTrue(output.contains("ALL OK " + mode), output);
  }

  /** Installs the pinned client into this module's node_modules unless it is there. */
  private static synchronized void installClient() throws IOException, InterruptedException {
    if (Files.isDirectory(MODULE.resolve("node_modules/durable-functions"))) {
      return;
    }
    Path log = MODULE.resolve("target/npm-ci.log");
    Files.createDirectories(log.getParent());
    Process npm;
    try {
      npm =
          new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund"))
              .directory(MODULE.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "this test needs Node.js 20+ with npm on the PATH (e.g. apt-get install nodejs npm)", e);
    }
    if (!npm.waitFor(5, TimeUnit.MINUTES)) {
      npm.destroyForcibly();
      throw new AssertionError("npm ci ran for 5 minutes: " + Files.readString(log));
    }
    assertEquals(0, npm.exitValue(), "npm ci failed: " + Files.readString(log));
  }
}
