package dev.baton.demo;

import dev.baton.core.Baton;
import dev.baton.core.BatonOptions;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.storage.memory.MemoryBackend;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The demo: runs the reference scenario's orchestration on the embedded memory backend, prints the
 * greetings and exits 0 (1 when the orchestration did not complete).
 */
public final class DemoMain {

  private DemoMain() {}

  public static void main(String[] args) throws Exception {
    int hellos = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    String runId = args.length > 1 ? args[1] : "demo";
    Vertx vertx = Vertx.vertx();
    Baton baton =
        ReferenceScenario.register(Baton.builder(vertx))
            .backend(MemoryBackend.create())
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
    } finally {
      baton.close().await();
      vertx.close().await();
    }
    System.exit(exit);
  }
}
