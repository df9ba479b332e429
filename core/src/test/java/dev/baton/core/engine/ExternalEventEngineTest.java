package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static dev.baton.core.engine.EngineFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.SetAsideMessage;
import dev.baton.core.spi.TaskHubStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * External events end to end: raised by the client or sent by another orchestration, kept when
 * early, received once, refused for unknown and finished instances, waited for across a restart.
 */
public abstract class ExternalEventEngineTest extends EngineTestBase {

  static Baton.Builder approvals(Baton.Builder b, CountDownLatch gate) {
    return b.addOrchestrator(
            "approval",
            ctx -> {
              ctx.callActivity("prepare", null, Void.class).await();
              List<String> answers = new ArrayList<>();
              for (int i = 0; i < 3; i++) {
                answers.add(ctx.waitForExternalEvent("answer", String.class).await());
              }
              return answers;
            })
        .addActivity(
            "prepare",
            ctx -> {
              gate.await(30, TimeUnit.SECONDS);
              return null;
            })
        .addOrchestrator(
            "wait_one", ctx -> ctx.waitForExternalEvent("go", String.class).await() + "!");
  }

  static StartOptions id(String id) {
    return new StartOptions().setInstanceId(id);
  }

  @Test
  void eventsRaisedBeforeTheWaitAreKeptAndReceivedInOrder() {
    var gate = new CountDownLatch(1);
    DurableClient client = fixture.start(b -> approvals(b, gate)).client();
    String id = await(client.scheduleNewOrchestration("approval", null, id("early")));
    await(client.waitForInstanceStart(id, Duration.ofSeconds(30)));
    for (String answer : List.of("yes", "no", "maybe")) {
      await(client.raiseEvent(id, "answer", answer));
    }
    gate.countDown();
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status());
    assertEquals(List.of("yes", "no", "maybe"), done.readOutput(List.class));
  }

  @Test
  void anEventRaisedRightAfterTheStartIsNotLost() {
    DurableClient client = fixture.start(b -> approvals(b, new CountDownLatch(0))).client();
    String id = await(client.scheduleNewOrchestration("wait_one", null, id("racer")));
    await(client.raiseEvent(id, "go", "now"));
    assertEquals("now!", complete(client, id).readOutput(String.class));
  }

  @Test
  void anEventRaisedBeforeAScheduledStartWaitsForTheStartAndIsNotSetAside() {
    // a message that waits for its start is not renewed: with these options, one raised at once
    // would pass its limit of deliveries long before the start
    Baton baton =
        fixture.start(
            fixture.options().setVisibilityTimeout(Duration.ofMillis(500)).setMaxDequeueCount(2),
            b -> approvals(b, new CountDownLatch(0)));
    DurableClient client = baton.client();
    var startAt = java.time.Instant.now().plusSeconds(3);
    String id =
        await(
            client.scheduleNewOrchestration(
                "wait_one", null, id("scheduled").setScheduledStartTime(startAt)));
    assertEquals(RuntimeStatus.PENDING, await(client.getInstance(id)).status());
    await(client.raiseEvent(id, "go", "early"));
    InstanceMetadata done = complete(client, id);
    assertEquals("early!", done.readOutput(String.class));
    assertTrue(!done.lastUpdatedAt().isBefore(startAt), "it ran once its start came");
    assertEquals(0, ((dev.baton.core.impl.BatonImpl) baton).poisonCount(), "nothing set aside");
  }

  @Test
  void anEventToAnUnknownOrFinishedInstanceIsRefusedWithAClearError() {
    DurableClient client = fixture.start(b -> approvals(b, new CountDownLatch(0))).client();
    var unknown = (BatonException) failure(client.raiseEvent("ghost", "go", 1));
    assertEquals(ErrorCode.INSTANCE_NOT_FOUND, unknown.code());
    String id = await(client.scheduleNewOrchestration("wait_one", null, id("done-once")));
    await(client.raiseEvent(id, "go", "x"));
    complete(client, id);
    var finished = (BatonException) failure(client.raiseEvent(id, "go", "late"));
    assertEquals(ErrorCode.INVALID_STATE, finished.code());
    assertTrue(finished.getMessage().contains("Completed"), finished.getMessage());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        ((BatonException) failure(client.raiseEvent(id, "", 1))).code());
    assertEquals(
        ErrorCode.INVALID_INSTANCE_ID,
        ((BatonException) failure(client.raiseEvent(" a", "go", 1))).code());
  }

  @Test
  void oneOrchestrationSendsAnEventToAnother() {
    DurableClient client =
        fixture
            .start(
                b ->
                    approvals(b, new CountDownLatch(0))
                        .addOrchestrator(
                            "sender",
                            ctx -> {
                              ctx.sendEvent(ctx.input(String.class), "go", "from " + ctx.name());
                              return "sent";
                            }))
            .client();
    String receiver = await(client.scheduleNewOrchestration("wait_one", null, id("receiver")));
    await(client.waitForInstanceStart(receiver, Duration.ofSeconds(30)));
    String sender = await(client.scheduleNewOrchestration("sender", receiver));
    assertEquals("sent", complete(client, sender).readOutput(String.class));
    assertEquals("from sender!", complete(client, receiver).readOutput(String.class));
    long received =
        await(client.getInstanceHistory(receiver)).stream()
            .filter(e -> e instanceof HistoryEvent.EventRaised)
            .count();
    assertEquals(1, received);
  }

  @Test
  void anEventForAnInstanceThatNeverStartsIsSetAsideAsPoison() throws Exception {
    Baton baton =
        fixture.start(
            fixture.options().setVisibilityTimeout(Duration.ofSeconds(1)).setMaxDequeueCount(2),
            b ->
                b.addOrchestrator(
                    "sender",
                    ctx -> {
                      ctx.sendEvent("never-started", "go", "for nobody");
                      return "sent";
                    }));
    DurableClient client = baton.client();
    String sender = await(client.scheduleNewOrchestration("sender", null));
    assertEquals("sent", complete(client, sender).readOutput(String.class));

    TaskHubStore hub = fixture.hub();
    List<SetAsideMessage<ControlMessage>> aside = new ArrayList<>();
    TestEntities.awaitTrue(
        "the message is set aside",
        () -> {
          for (int p = 0; p < 4; p++) {
            aside.addAll(await(hub.controlQueue(p).setAsideMessages(10)));
          }
          return !aside.isEmpty();
        });
    assertEquals(1, aside.size(), "set aside once the limit of deliveries was passed");
    SetAsideMessage<ControlMessage> poison = aside.get(0);
    assertEquals("never-started", poison.message().instanceId());
    assertTrue(poison.message().event() instanceof HistoryEvent.EventRaised);
    assertTrue(poison.reason().startsWith(ErrorCode.POISON_MESSAGE.code()), poison.reason());
    assertEquals(3, poison.dequeueCount(), "the first delivery past the limit of 2");
  }

  @Test
  void aWaitWithATimeoutEndsWithTheDefaultValueWhenNoEventComes() {
    DurableClient client =
        fixture
            .start(
                b ->
                    b.addOrchestrator(
                        "patient",
                        ctx ->
                            ctx.waitForExternalEvent(
                                    "never", Duration.ofMillis(100), String.class, "default")
                                .await()))
            .client();
    String id = await(client.scheduleNewOrchestration("patient", null));
    assertEquals("default", complete(client, id).readOutput(String.class));
  }

  @Test
  void aWaitingInstanceGetsItsEventAfterTheEngineIsReplaced() {
    Baton first = fixture.start(b -> approvals(b, new CountDownLatch(0)));
    String id = await(first.client().scheduleNewOrchestration("wait_one", null, id("durable")));
    await(first.client().waitForInstanceStart(id, Duration.ofSeconds(30)));
    await(first.close());
    Baton second = fixture.start(b -> approvals(b, new CountDownLatch(0)));
    await(second.client().raiseEvent(id, "go", "later"));
    assertEquals("later!", complete(second.client(), id).readOutput(String.class));
  }

  @Test
  void duplicatedAndRedeliveredMessagesDeliverEachEventOnce() {
    var chaos = new ChaosBackend(fixture.backend(), 5);
    DurableClient client =
        fixture
            .start(
                b ->
                    b.backend(chaos)
                        .addOrchestrator(
                            "collector",
                            ctx -> {
                              int sum = 0;
                              for (int i = 0; i < 12; i++) {
                                sum += ctx.waitForExternalEvent("n", Integer.class).await();
                              }
                              sum +=
                                  ctx.callSubOrchestrator("echo_back", null, Integer.class).await();
                              return sum + ctx.waitForExternalEvent("n", Integer.class).await();
                            })
                        .addOrchestrator(
                            "echo_back",
                            ctx -> {
                              ctx.sendEvent("collector-1", "n", 1000);
                              return 100;
                            }))
            .client();
    String id = await(client.scheduleNewOrchestration("collector", null, id("collector-1")));
    for (int i = 1; i <= 12; i++) {
      await(client.raiseEvent(id, "n", i));
    }
    InstanceMetadata done = complete(client, id);
    assertEquals(78 + 100 + 1000, done.readOutput(Integer.class));
    assertTrue(chaos.duplicatesSent.get() > 0);
    long raised =
        await(client.getInstanceHistory(id)).stream()
            .filter(e -> e instanceof HistoryEvent.EventRaised)
            .count();
    assertEquals(13, raised, "each event recorded once");
  }
}
