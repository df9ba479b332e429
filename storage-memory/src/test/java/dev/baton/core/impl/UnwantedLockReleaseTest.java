package dev.baton.core.impl;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.core.Baton;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.engine.EngineFixture;
import dev.baton.core.engine.FaultBackend;
import dev.baton.core.engine.FaultBackend.Fault;
import dev.baton.core.engine.FaultBackend.Rule;
import dev.baton.core.engine.FaultBackend.StoreCall;
import dev.baton.core.engine.TestEntities;
import dev.baton.core.entity.EntityId;
import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.TaskHubStore;
import dev.baton.storage.memory.MemoryBackend;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A lock granted to an orchestration that has already ended is released by the orchestration's
 * partition, and that release is an effect like any other: when its send fails, the grant comes
 * back and is answered again, so the entity is never left locked by an instance that is gone. The
 * late grant is staged by a lock request in the ended instance's name, sent straight to the
 * entity's control queue (in a real run it is a request that outlived its orchestration).
 */
@ExtendWith(VertxExtension.class)
class UnwantedLockReleaseTest {

  private EngineFixture fixture;

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aLockGrantedToAnEndedInstanceIsReleasedEvenWhenTheFirstReleaseFails(Vertx vertx) {
    fixture = new EngineFixture(vertx, MemoryBackend.create());
    var faults =
        new FaultBackend(fixture.backend(), 3)
            .add(
                Rule.first(1, Fault.FAIL, StoreCall.CONTROL_SEND)
                    .when(FaultBackend.sends(HistoryEvent.EntityLockReleased.class)));
    Baton baton =
        fixture.start(
            b -> TestEntities.register(b.backend(faults)).addOrchestrator("quick", ctx -> "done"));
    DurableClient client = baton.client();
    EntityId account = EntityId.of("account", "granted-late");
    await(client.signalEntity(account, "deposit", 1));
    TestEntities.awaitEntity(
        client, account, m -> m.readState(TestEntities.Account.class).balance == 1);
    String holder = await(client.scheduleNewOrchestration("quick", null));
    assertEquals(RuntimeStatus.COMPLETED, complete(client, holder).status());

    TaskHubStore hub = await(fixture.backend().open(vertx, fixture.options().getTaskHub(), 4));
    String executionId = await(hub.instances().get(holder)).value().executionId();
    var late =
        new HistoryEvent.EntityLockRequested(
            Instant.now(),
            List.of(account.instanceId()),
            0,
            "late-request",
            "late-source",
            1,
            null,
            holder,
            executionId,
            0);
    int partition = Partitioning.partitionOf(account.instanceId(), 4);
    await(
        hub.controlQueue(partition)
            .send(List.of(new ControlMessage(account.instanceId(), null, late)), Duration.ZERO));

    TestEntities.awaitTrue(
        "the entity granted the lock and the first release failed",
        () -> faults.injected(StoreCall.CONTROL_SEND) == 1);
    TestEntities.awaitEntity(client, account, false, m -> m.lockedBy() == null);
    await(client.signalEntity(account, "deposit", 7)); // waits behind a lock left held
    TestEntities.awaitEntity(
        client, account, m -> m.readState(TestEntities.Account.class).balance == 8);
  }
}
