package dev.baton.demo;

import dev.baton.web.DashboardOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;

/**
 * The demo: serves the reference scenario and Durable Functions' management API on 127.0.0.1:7071
 * until stopped.
 *
 * <pre>
 * --port N     listen on port N (or set BATON_PORT); 0 picks a free port
 * --host H     listen on host H (default 127.0.0.1); any other than loopback needs a key
 * --key K      require the key K on every route (or set BATON_KEY): ?code=K or x-functions-key
 * --once       start the server, run the scenario through HTTP against it, print the result and
 *              exit 0 when it completed (1 otherwise); the port defaults to a free one
 * --backend B  memory (default) or azure: Azure Storage at AZURE_STORAGE_CONNECTION_STRING, or
 *              Azurite's development storage on its default ports when that is unset
 * </pre>
 */
public final class DemoMain {

  static final int DEFAULT_PORT = 7071;

  private DemoMain() {}

  public static void main(String[] args) throws Exception {
    boolean once = false;
    String host = "127.0.0.1";
    Integer port = null;
    String backendName = "memory";
    String key = System.getenv("BATON_KEY");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--once" -> once = true;
        case "--backend" -> backendName = value(args, ++i, "--backend");
        case "--port" -> port = parsePort(value(args, ++i, "--port"));
        case "--host" -> host = value(args, ++i, "--host");
        case "--key" -> key = value(args, ++i, "--key");
        default -> usage("unknown argument '" + args[i] + "'");
      }
    }
    if (port == null) {
      String env = System.getenv("BATON_PORT");
      port = env != null && !env.isBlank() ? parsePort(env) : once ? 0 : DEFAULT_PORT;
    }
    DemoBackend storage;
    try {
      storage =
          DemoBackend.create(backendName, System.getenv(DemoBackend.CONNECTION_STRING_VARIABLE));
    } catch (IllegalArgumentException e) {
      usage(e.getMessage());
      return;
    }
    if (!backendName.equals("memory")) {
      System.out.println("backend: " + storage.description());
    }
    Vertx vertx = Vertx.vertx();
    DemoServer server;
    try {
      server =
          DemoServer.start(vertx, host, port, storage.backend(), key).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("demo: could not start on " + host + ":" + port + ": " + e.getMessage());
      if (!backendName.equals("memory")) {
        System.err.println(
            "demo: is the storage account reachable? For Azurite on its default ports, see"
                + " storage-azure/README.md");
      }
      storage.backend().close().await();
      vertx.close().await();
      System.exit(1);
      return;
    }
    String base = server.baseUrl();
    System.out.println(
        "Baton demo on "
            + base
            + "\n  start:      "
            + base
            + DemoServer.START_PATH
            + "?run_id=1&hellos_count=3"
            + "\n  management: "
            + base
            + server.api().options().getMountPath()
            + "/instances"
            + "\n  dashboard:  "
            + base
            + DashboardOptions.DEFAULT_MOUNT_PATH
            + "/");
    if (!once) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      server.close().await(10, TimeUnit.SECONDS);
                      storage.backend().close().await(10, TimeUnit.SECONDS);
                      vertx.close().await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                      // exiting anyway
                    }
                  }));
      return; // the server runs until the process is stopped
    }
    int exit = 1;
    try {
      exit = runOnce(vertx, base, key) ? 0 : 1;
    } catch (Exception e) {
      System.err.println("demo: " + e);
    } finally {
      server.close().await(10, TimeUnit.SECONDS);
      storage.backend().close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    System.exit(exit);
  }

  /**
   * Runs the scenario through HTTP: start it, poll its status URL until it is done. With a {@code
   * key} (or {@code null}) the start sends it, so the status URL handed back carries it.
   */
  static boolean runOnce(Vertx vertx, String base, String key) throws Exception {
    WebClient web = WebClient.create(vertx);
    try {
      var start = web.getAbs(base + DemoServer.START_PATH + "?run_id=demo&hellos_count=3");
      if (key != null && !key.isEmpty()) {
        start.putHeader("x-functions-key", key);
      }
      HttpResponse<Buffer> started = start.send().await(30, TimeUnit.SECONDS);
      if (started.statusCode() != 202) {
        System.err.println(
            "demo: start answered " + started.statusCode() + " " + started.bodyAsString());
        return false;
      }
      String statusUri = started.bodyAsJsonObject().getString("statusQueryGetUri");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        HttpResponse<Buffer> status = web.getAbs(statusUri).send().await(30, TimeUnit.SECONDS);
        if (status.statusCode() != 202) {
          JsonObject s = status.bodyAsJsonObject();
          Object output = s.getValue("output");
          System.out.println(
              s.getString("instanceId")
                  + " "
                  + s.getString("runtimeStatus")
                  + " "
                  + (output instanceof JsonArray a ? a.getList() : output));
          return status.statusCode() == 200 && "Completed".equals(s.getString("runtimeStatus"));
        }
        if (System.nanoTime() > deadline) {
          System.err.println("demo: the scenario did not finish in 30 s");
          return false;
        }
        vertx.timer(50, TimeUnit.MILLISECONDS).await();
      }
    } finally {
      web.close();
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      usage(flag + " needs a value");
    }
    return args[i];
  }

  private static int parsePort(String text) {
    try {
      int p = Integer.parseInt(text.strip());
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    usage("not a port: '" + text + "'");
    return -1;
  }

  private static void usage(String problem) {
    System.err.println("demo: " + problem);
    System.err.println(
        "usage: ./baton.sh demo [--port N] [--host H] [--key K] [--once] [--backend memory|azure]");
    System.exit(64);
  }
}
