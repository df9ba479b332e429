package dev.baton.benchmarks;

import dev.baton.core.BatonOptions;
import dev.baton.storage.azure.AzureBackend;
import dev.baton.storage.azure.AzureStorageOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * One engine process of the Azure scale-out figures ({@link AzureScaleOut}): an engine with the
 * benchmark workloads on a task hub of a storage account, driven through its standard input, one
 * command a line, each answered on standard output:
 *
 * <ul>
 *   <li>{@code owned}: {@code OWNED n}, the partitions it holds now;
 *   <li>{@code start n prefix}: starts {@code n} HelloSequence5 orchestrations with ids {@code
 *       prefix0..}, then {@code STARTED} (the caller watches them complete in the store);
 *   <li>{@code exit} (or the end of its input): closes the engine and exits.
 * </ul>
 *
 * <p>Arguments: the connection string and the task hub. It prints {@code READY} once started.
 */
public final class AzureEngineProcess {

  private AzureEngineProcess() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: AzureEngineProcess <connection string> <task hub>");
      System.exit(64);
    }
    AzureBackend backend =
        AzureBackend.create(new AzureStorageOptions().setConnectionString(args[0]));
    var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (var w = new Workloads(backend, new BatonOptions().setTaskHub(args[1]))) {
      System.out.println("READY");
      System.out.flush();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] cmd = line.trim().split(" ");
        switch (cmd[0]) {
          case "owned" -> System.out.println("OWNED " + w.ownedPartitions());
          case "start" -> {
            w.startAll("hello_sequence5", cmd[2], Integer.parseInt(cmd[1]));
            System.out.println("STARTED");
          }
          case "exit" -> {
            return;
          }
          default -> System.out.println("ERROR unknown command '" + line + "'");
        }
        System.out.flush();
      }
    } finally {
      backend.close().await();
      System.exit(0);
    }
  }
}
