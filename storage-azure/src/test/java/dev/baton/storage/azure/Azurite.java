package dev.baton.storage.azure;

import java.io.IOException;
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
 * The Azurite emulator the tests of this module run against: installed from the module's {@code
 * package-lock.json} with {@code npm ci} when {@code node_modules} is missing, started in memory on
 * free loopback ports, and stopped when the test run ends (see {@link AzuriteExtension}).
 *
 * <p>One process per test JVM. Its pid is kept in {@code target/azurite.pid}, so a run that was
 * killed before it could stop Azurite has its orphan stopped by the next run.
 */
final class Azurite implements AutoCloseable {

  /** The development account's key, published in Azurite's documentation; not a secret. */
  private static final String DEV_ACCOUNT_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static Azurite running;

  private final Process process;
  private final int blobPort;
  private final int queuePort;
  private final int tablePort;
  private final Path pidFile;

  private Azurite(Process process, int blobPort, int queuePort, int tablePort, Path pidFile) {
    this.process = process;
    this.blobPort = blobPort;
    this.queuePort = queuePort;
    this.tablePort = tablePort;
    this.pidFile = pidFile;
  }

  /** The emulator of this JVM, started on first use. */
  static synchronized Azurite get() {
    if (running == null || !running.process.isAlive()) {
      running = start(moduleDir());
      Azurite started = running;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "azurite-stop"));
    }
    return running;
  }

  /** Stops the emulator of this JVM if one runs. */
  static synchronized void stopRunning() {
    if (running != null) {
      running.close();
      running = null;
    }
  }

  /** A connection string to this emulator's development account. */
  String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
        + DEV_ACCOUNT_KEY
        + ";BlobEndpoint=http://127.0.0.1:"
        + blobPort
        + "/devstoreaccount1;QueueEndpoint=http://127.0.0.1:"
        + queuePort
        + "/devstoreaccount1;TableEndpoint=http://127.0.0.1:"
        + tablePort
        + "/devstoreaccount1;";
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

  private static Path moduleDir() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
  }

  private static Azurite start(Path moduleDir) {
    requireTool(moduleDir, "node");
    requireTool(moduleDir, "npm");
    Path binary = moduleDir.resolve("node_modules/.bin/azurite");
    if (!Files.isExecutable(binary)) {
      run(moduleDir, INSTALL_TIMEOUT, "npm", "ci", "--no-audit", "--no-fund");
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException(
            "npm ci finished but " + binary + " is missing; check " + moduleDir.resolve("target"));
      }
    }
    Path target = moduleDir.resolve("target");
    Path pidFile = target.resolve("azurite.pid");
    Path log = target.resolve("azurite.log");
    try {
      Files.createDirectories(target);
      stopOrphan(pidFile, moduleDir);
      int[] ports = freePorts(3);
      List<String> command =
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
              Integer.toString(ports[2]));
      Process process =
          new ProcessBuilder(command)
              .directory(moduleDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Files.writeString(pidFile, Long.toString(process.pid()));
      var azurite = new Azurite(process, ports[0], ports[1], ports[2], pidFile);
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

  private static void requireTool(Path dir, String tool) {
    try {
      run(dir, Duration.ofSeconds(30), tool, "--version");
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "The storage-azure tests need Node.js: '"
              + tool
              + "' is not on the PATH or does not run ("
              + e.getMessage()
              + "). Install Node.js 20 or newer with npm (e.g. apt-get install nodejs npm); the"
              + " build then installs and starts Azurite, the Azure Storage emulator, by itself.",
          e);
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

  /** Stops an Azurite left behind by an earlier run of this module that was killed. */
  private static void stopOrphan(Path pidFile, Path moduleDir) throws IOException {
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
              return line.contains(moduleDir.resolve("node_modules").toString())
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
