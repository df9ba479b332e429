package dev.baton.storage.azure.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Azurite, the Azure Storage emulator, as a child process: installed with {@code npm ci} from the
 * pinned {@code package-lock.json} (shipped in this jar) when its install directory has no {@code
 * node_modules} yet, started in memory on free loopback ports, stopped by {@link #close()}. The
 * storage-azure tests and the benchmark report run against it.
 *
 * <pre>{@code
 * try (Azurite azurite = Azurite.start(Path.of("target/azurite"), Path.of("target"))) {
 *   Backend backend = AzureBackend.create(
 *       new AzureStorageOptions().setConnectionString(azurite.connectionString()));
 *   ...
 * }
 * }</pre>
 *
 * <p>Its pid is kept in a file of the state directory, so a run that was killed before it could
 * stop Azurite has its orphan stopped by the next run that uses the same state directory.
 */
public final class Azurite implements AutoCloseable {

  /** The development account's key, published in Azurite's documentation; not a secret. */
  private static final String DEV_ACCOUNT_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static final String PACKAGE_FILES = "/dev/baton/storage/azure/testing/";

  private final Process process;
  private final String scheme;
  private final int blobPort;
  private final int queuePort;
  private final int tablePort;
  private final Path pidFile;

  private Azurite(
      Process process, String scheme, int blobPort, int queuePort, int tablePort, Path pidFile) {
    this.process = process;
    this.scheme = scheme;
    this.blobPort = blobPort;
    this.queuePort = queuePort;
    this.tablePort = tablePort;
    this.pidFile = pidFile;
  }

  /** A connection string to this emulator's development account. */
  public String connectionString() {
    return "DefaultEndpointsProtocol="
        + scheme
        + ";AccountName=devstoreaccount1;AccountKey="
        + DEV_ACCOUNT_KEY
        + ";BlobEndpoint="
        + blobEndpoint()
        + ";QueueEndpoint="
        + queueEndpoint()
        + ";TableEndpoint="
        + tableEndpoint()
        + ";";
  }

  /**
   * The development account's blob endpoint, e.g. {@code http://127.0.0.1:PORT/devstoreaccount1}.
   */
  public String blobEndpoint() {
    return endpoint(blobPort);
  }

  /** The development account's queue endpoint. */
  public String queueEndpoint() {
    return endpoint(queuePort);
  }

  /** The development account's table endpoint. */
  public String tableEndpoint() {
    return endpoint(tablePort);
  }

  private String endpoint(int port) {
    return scheme + "://127.0.0.1:" + port + "/devstoreaccount1";
  }

  /** Whether the emulator's process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException ignored) {
      // the next run checks the pid before it trusts the file
    }
  }

  /**
   * Why Azurite cannot run here ({@code node} or {@code npm} missing or broken), or {@code null}
   * when both run.
   */
  public static String missingTools() {
    for (String tool : List.of("node", "npm")) {
      try {
        run(Path.of("."), Duration.ofSeconds(30), tool, "--version");
      } catch (IllegalStateException e) {
        return "'" + tool + "' is not on the PATH or does not run (" + e.getMessage() + ")";
      }
    }
    return null;
  }

  /**
   * Installs Azurite into {@code installDir} when it is not there yet (writing the pinned {@code
   * package.json} and {@code package-lock.json} when the directory has none), then starts it; its
   * log and pid file go to {@code stateDir}. Fails with a message that says what to install when
   * Node.js or npm is missing.
   */
  public static Azurite start(Path installDir, Path stateDir) {
    return launch(installDir, stateDir, "http", List.of());
  }

  /**
   * Like {@link #start}, but over HTTPS with the certificate and key of the PKCS#12 file {@code
   * pfx}, and accepting OAuth bearer tokens ({@code --oauth basic}: Azurite checks a token's
   * issuer, audience and lifetime, not its signature) beside Shared Key. Clients must trust the
   * certificate. Give it a {@code stateDir} of its own to run beside a plain instance.
   */
  public static Azurite startWithOAuth(
      Path installDir, Path stateDir, Path pfx, String pfxPassword) {
    return launch(
        installDir,
        stateDir,
        "https",
        List.of(
            "--oauth", "basic", "--cert", pfx.toAbsolutePath().toString(), "--pwd", pfxPassword));
  }

  private static Azurite launch(
      Path installDir, Path stateDir, String scheme, List<String> extraArgs) {
    installDir = installDir.toAbsolutePath();
    stateDir = stateDir.toAbsolutePath();
    String missing = missingTools();
    if (missing != null) {
      throw new IllegalStateException(
          "Azurite needs Node.js: "
              + missing
              + ". Install Node.js 20 or newer with npm (e.g. apt-get install nodejs npm); Azurite,"
              + " the Azure Storage emulator, is then installed and started automatically.");
    }
    Path binary = installDir.resolve("node_modules/.bin/azurite");
    try {
      if (!Files.isExecutable(binary)) {
        Files.createDirectories(installDir);
        copyPackageFiles(installDir);
        run(installDir, INSTALL_TIMEOUT, "npm", "ci", "--no-audit", "--no-fund");
        if (!Files.isExecutable(binary)) {
          throw new IllegalStateException("npm ci finished but " + binary + " is missing");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not install Azurite into " + installDir, e);
    }
    Path pidFile = stateDir.resolve("azurite.pid");
    Path log = stateDir.resolve("azurite.log");
    try {
      Files.createDirectories(stateDir);
      stopOrphan(pidFile, installDir);
      int[] ports = freePorts(3);
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              binary.toString(),
              "--inMemoryPersistence",
              "--silent",
              "--disableTelemetry",
              "--skipApiVersionCheck",
              "--blobHost",
              "127.0.0.1",
              "--blobPort",
              Integer.toString(ports[0]),
              "--queueHost",
              "127.0.0.1",
              "--queuePort",
              Integer.toString(ports[1]),
              "--tableHost",
              "127.0.0.1",
              "--tablePort",
              Integer.toString(ports[2])));
      command.addAll(extraArgs);
      Process process =
          new ProcessBuilder(command)
              .directory(installDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Files.writeString(pidFile, Long.toString(process.pid()));
      var azurite = new Azurite(process, scheme, ports[0], ports[1], ports[2], pidFile);
      try {
        awaitPorts(process, ports, log);
      } catch (RuntimeException e) {
        azurite.close();
        throw e;
      }
      return azurite;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start Azurite from " + binary, e);
    }
  }

  /** Writes the pinned package files into {@code dir} unless it has a package.json already. */
  private static void copyPackageFiles(Path dir) throws IOException {
    if (Files.exists(dir.resolve("package.json"))) {
      return;
    }
    for (String name : List.of("package.json", "package-lock.json")) {
      try (InputStream in = Azurite.class.getResourceAsStream(PACKAGE_FILES + name)) {
        if (in == null) {
          throw new IOException(name + " is missing from the storage-azure jar");
        }
        Files.copy(in, dir.resolve(name));
      }
    }
  }

  private static void run(Path dir, Duration timeout, String... command) {
    try {
      Path out = Files.createTempFile("baton-" + command[0], ".log");
      try {
        Process p =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(
              String.join(" ", command) + " did not finish within " + timeout);
        }
        if (p.exitValue() != 0) {
          throw new IllegalStateException(
              String.join(" ", command)
                  + " failed with exit code "
                  + p.exitValue()
                  + ":\n"
                  + Files.readString(out, StandardCharsets.UTF_8));
        }
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(String.join(" ", command) + " was interrupted", e);
    }
  }

  /** Stops an Azurite left behind by an earlier run that was killed. */
  private static void stopOrphan(Path pidFile, Path installDir) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (NumberFormatException e) {
      Files.delete(pidFile);
      return;
    }
    ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            h -> {
              var info = h.info();
              String line =
                  info.commandLine().orElse("")
                      + " "
                      + String.join(" ", info.arguments().orElse(new String[0]));
              return line.contains(installDir.resolve("node_modules").toString())
                  && line.contains("azurite");
            })
        .ifPresent(
            h -> {
              h.destroy();
              h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
              if (h.isAlive()) {
                h.destroyForcibly();
              }
            });
    Files.delete(pidFile);
  }

  private static int[] freePorts(int count) throws IOException {
    var sockets = new ArrayList<ServerSocket>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        var s = new ServerSocket();
        sockets.add(s);
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  private static void awaitPorts(Process process, int[] ports, Path log) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    for (int port : ports) {
      while (!accepts(port)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Azurite exited with code " + process.exitValue() + ":\n" + readQuietly(log));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Azurite did not open port "
                  + port
                  + " within "
                  + START_TIMEOUT
                  + ":\n"
                  + readQuietly(log));
        }
        try {
          Thread.sleep(50); // polling a port of a child process: there is nothing to await
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while starting Azurite", e);
        }
      }
    }
  }

  private static boolean accepts(int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String readQuietly(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
