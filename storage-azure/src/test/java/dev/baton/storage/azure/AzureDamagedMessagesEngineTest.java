package dev.baton.storage.azure;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.models.BlobItem;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.engine.EngineTestBase;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.Backend;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.MessageQueue;
import dev.baton.core.spi.SetAsideMessage;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.azure.impl.AzureClients;
import dev.baton.storage.azure.impl.TaskHubNames;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An engine on a hub whose queues hold bad messages among the good ones (written straight into
 * them, and one whose payload blob was deleted): the good work completes, and exactly the bad
 * messages end in the poison queues.
 */
@ExtendWith(AzuriteExtension.class)
class AzureDamagedMessagesEngineTest extends EngineTestBase {

  @Override
  protected Backend newBackend(Vertx vertx) {
    return AzureEngines.backend();
  }

  @Test
  void badMessagesAreSetAsideWhileTheGoodWorkAroundThemCompletes() {
    var options = fixture.options().setPartitionCount(1);
    TaskHubStore store = await(fixture.backend().open(fixture.vertx(), options.getTaskHub(), 1));
    var names = new TaskHubNames(options.getTaskHub());
    AzureClients raw = AzureClients.create(AzuriteExtension.azurite().connectionString(), 2);
    try {
      // a large message to some instance, whose blob is then lost
      MessageQueue<ControlMessage> control = store.controlQueue(0);
      var lost =
          new ControlMessage(
              "elsewhere",
              null,
              new HistoryEvent.EventRaised(
                  Instant.now(), "e", "\"" + "x".repeat(60_000) + "\"", "lost-1"));
      await(control.send(List.of(lost), Duration.ZERO));
      var container = raw.blobs().getBlobContainerAsyncClient(names.largeMessagesContainer());
      for (String blob : container.listBlobs().map(BlobItem::getName).collectList().block()) {
        container.getBlobAsyncClient(blob).delete().block();
      }
      var controlBad = new HashSet<String>();
      controlBad.add(
          raw.queues()
              .getQueueAsyncClient(names.controlQueue(0))
              .peekMessage()
              .block()
              .getBody()
              .toString());
      for (String text :
          List.of(
              "garbage",
              "{\"instanceId\": \"x\"}",
              "{\"instanceId\": \"x\", \"event\": {\"eventType\": \"Bogus\"}}",
              "{\"instanceId\": \"x\", \"event\": ")) {
        raw.queues().getQueueAsyncClient(names.controlQueue(0)).sendMessage(text).block();
        controlBad.add(text);
      }
      var workBad = new HashSet<String>();
      for (String text :
          List.of("{\"instanceId\": \"x\", \"name\": \"hello\"}", "%%%", "{\"taskId\": 1}")) {
        raw.queues().getQueueAsyncClient(names.workItemQueue()).sendMessage(text).block();
        workBad.add(text);
      }

      DurableClient client =
          fixture
              .start(
                  options,
                  b ->
                      b.addActivity("hello", ctx -> "Hello " + ctx.input(String.class) + "!")
                          .addOrchestrator(
                              "twice",
                              ctx -> {
                                String n = ctx.input(String.class);
                                return ctx.callActivity("hello", n + "a", String.class).await()
                                    + ctx.callActivity("hello", n + "b", String.class).await();
                              }))
              .client();
      var ids = new ArrayList<String>();
      for (int i = 0; i < 5; i++) {
        ids.add(await(client.scheduleNewOrchestration("twice", "n" + i)));
      }
      for (int i = 0; i < 5; i++) {
        InstanceMetadata done = complete(client, ids.get(i));
        assertEquals(RuntimeStatus.COMPLETED, done.status(), done.toString());
        assertEquals(
            "Hello n" + i + "a!Hello n" + i + "b!", done.readOutput(String.class), ids.get(i));
      }

      assertEquals(controlBad, awaitSetAside(control, controlBad.size()));
      assertEquals(workBad, awaitSetAside(store.workItemQueue(), workBad.size()));
    } finally {
      raw.close().block();
    }
  }

  private static <M> Set<String> awaitSetAside(MessageQueue<M> queue, int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<SetAsideMessage<M>> aside = List.of();
    while (System.nanoTime() < deadline) {
      aside = await(queue.setAsideMessages(32));
      if (aside.size() >= count) {
        break;
      }
    }
    for (SetAsideMessage<M> m : aside) {
      assertTrue(m.reason().startsWith("cannot be decoded"), m.reason());
    }
    return aside.stream().map(SetAsideMessage::text).collect(Collectors.toSet());
  }
}
