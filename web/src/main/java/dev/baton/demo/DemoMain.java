package dev.baton.demo;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo: runs the reference scenario's orchestration, prints the greetings and exits 0 (1 when
 * the orchestration did not complete). Arguments: {@code [--backend memory|azure] [hellos_count
 * [run_id]]}; the memory backend is the default (see {@link DemoBackend} for Azure).
 */
public final class DemoMain {

  private DemoMain() {}

  public static void main(String[] argv) throws Exception {
    List<String> args = new ArrayList<>(List.of(argv));
    DemoBackend storage;
    try {
      storage = DemoBackend.fromArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println("demo: " + e.getMessage());
      System.exit(64);
      return;
    }
    int hellos = args.size() > 0 ? Integer.parseInt(args.get(0)) : 3;
    String runId = args.size() > 1 ? args.get(1) : "demo";
    System.out.println("backend: " + storage.description());
    Vertx vertx = Vertx.vertx();
    Baton baton =
        ReferenceScenario.register(Baton.builder(vertx))
            .backend(storage.backend())
            .options(new BatonOptions().setTaskHub("demo"))
            .build();
    int exit = 1;
    try {
      baton.start().await();
      String instanceId =
          baton
              .client()
              .scheduleNewOrchestration(
                  ReferenceScenario.ORCHESTRATOR,
                  Map.of("hellos_count", hellos),
                  new StartOptions().setInstanceId("instance" + runId))
              .await();
      InstanceMetadata done =
          baton.client().waitForInstanceCompletion(instanceId, Duration.ofSeconds(30)).await();
      System.out.println(
          done.instanceId() + " " + done.status().wireName() + " " + done.readOutput(List.class));
      exit = done.status() == dev.baton.core.RuntimeStatus.COMPLETED ? 0 : 1;
    } catch (Exception e) {
      System.err.println("demo: " + e.getMessage());
      if (!storage.description().equals("memory")) {
        System.err.println(
            "demo: is the storage account reachable? For Azurite on its default ports, see"
                + " storage-azure/README.md");
      }
    } finally {
      baton.close().await();
      storage.backend().close().await();
      vertx.close().await();
    }
    System.exit(exit);
  }
}
