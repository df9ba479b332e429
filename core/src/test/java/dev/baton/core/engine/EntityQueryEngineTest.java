package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.TestEntities.awaitEntity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.client.DurableClient;
import dev.baton.core.entity.CleanEntityStorageOptions;
import dev.baton.core.entity.CleanEntityStorageResult;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityMetadata;
import dev.baton.core.entity.EntityPage;
import dev.baton.core.entity.EntityQuery;
import dev.baton.core.entity.GetEntityOptions;
import dev.baton.core.spi.TaskHubStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entity queries (filters, paging, state, deleted entities) and the clean-up of storage. */
public abstract class EntityQueryEngineTest extends EngineTestBase {

  private static List<String> keys(EntityPage page) {
    return page.entities().stream().map(m -> m.id().key()).toList();
  }

  @Test
  void queriesFilterByNameAndLastOperationTimeAndPageThroughTheResults() {
    Baton baton = fixture.start(TestEntities::register);
    DurableClient client = baton.client();
    List<EntityMetadata> counters = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      EntityId id = EntityId.of("counter", "c" + i);
      await(client.signalEntity(id, "add", i));
      counters.add(awaitEntity(client, id, m -> m.hasState()));
    }
    EntityId kept = EntityId.of("list", "kept");
    EntityId deleted = EntityId.of("list", "deleted");
    await(client.signalEntity(kept, "append", "x"));
    await(client.signalEntity(deleted, "append", "y"));
    await(client.signalEntity(deleted, "delete", null));
    awaitEntity(client, kept, m -> m.hasState());
    // "no state" holds before the list's signals arrive too: wait until it exists and is empty
    TestEntities.awaitTrue(
        "the deleted list exists and has no state",
        () ->
            keys(await(
                        client.queryEntities(
                            new EntityQuery().setNamePrefix("list").setIncludeDeleted(true))))
                    .contains("deleted")
                && await(client.getEntity(deleted, new GetEntityOptions().setIncludeState(false)))
                    == null);

    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      EntityPage page =
          await(
              client.queryEntities(
                  new EntityQuery()
                      .setNamePrefix("COUNTER")
                      .setPageSize(2)
                      .setContinuationToken(token)));
      assertTrue(page.entities().size() <= 2);
      page.entities().forEach(m -> assertNull(m.state(), "state only when asked for"));
      seen.addAll(keys(page));
      token = page.continuationToken();
      pages++;
    } while (token != null);
    assertEquals(List.of("c1", "c2", "c3", "c4", "c5"), seen);
    assertTrue(pages >= 3);

    Instant fourth = counters.get(3).lastOperationTime();
    EntityPage recent =
        await(
            client.queryEntities(
                new EntityQuery()
                    .setNamePrefix("counter@")
                    .setLastOperationFrom(fourth)
                    .setIncludeState(true)));
    assertEquals(List.of("c4", "c5"), keys(recent));
    assertEquals(5, recent.entities().get(1).readState(TestEntities.Counter.class).value);
    EntityPage early =
        await(
            client.queryEntities(
                new EntityQuery()
                    .setNamePrefix("counter")
                    .setLastOperationTo(counters.get(1).lastOperationTime())));
    assertEquals(List.of("c1", "c2"), keys(early));

    assertEquals(
        List.of("kept"),
        keys(await(client.queryEntities(new EntityQuery().setNamePrefix("list")))));
    EntityPage withDeleted =
        await(
            client.queryEntities(
                new EntityQuery()
                    .setNamePrefix("list")
                    .setIncludeDeleted(true)
                    .setIncludeState(true)));
    assertEquals(List.of("deleted", "kept"), keys(withDeleted));
    assertFalse(withDeleted.entities().get(0).hasState());
    assertNull(withDeleted.entities().get(0).state());
    assertEquals(
        7,
        keys(await(client.queryEntities(new EntityQuery()))).size() + 1,
        "every entity with state, of every name");
  }

  @Test
  void aContinuationTokenTheStoreDidNotIssueIsAnInvalidArgument() {
    Baton baton = fixture.start(TestEntities::register);
    Throwable t =
        EngineFixture.failure(
            baton
                .client()
                .queryEntities(new EntityQuery().setContinuationToken("not-a-token\u00e9{}")));
    BatonException e = assertInstanceOf(BatonException.class, t);
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("continuation token"), e.getMessage());
  }

  @Test
  void cleanUpRemovesEmptyEntitiesAndReleasesLocksWhoseOrchestrationIsGone() {
    EntityId account = EntityId.of("account", "orphaned");
    Baton first =
        fixture.start(
            b ->
                TestEntities.register(b)
                    .addOrchestrator(
                        "holds",
                        ctx -> {
                          ctx.lockEntities(account);
                          ctx.setCustomStatus("locked");
                          ctx.createTimer(Duration.ofHours(1)).await();
                          return null;
                        }));
    DurableClient client = first.client();
    String holder = await(client.scheduleNewOrchestration("holds", null));
    // the holder has the grant in its history, so no grant is still on its way to it (a grant
    // that arrives for a vanished holder is released at once, without the clean-up)
    TestEntities.awaitTrue(
        "the holder has the lock",
        () -> "\"locked\"".equals(await(client.getInstance(holder)).customStatus()));
    TestEntities.awaitTrue(
        "the account is locked",
        () -> {
          var rows =
              await(client.queryEntities(new EntityQuery().setIncludeDeleted(true))).entities();
          return rows.stream().anyMatch(m -> holder.equals(m.lockedBy()));
        });
    await(client.signalEntity(account, "deposit", 5));
    // every message but the holder's hour-long timer is processed and deleted before the engine
    // stops: a lock request still in the queue would be delivered again to the next engine, which
    // would grant it once more, find the holder gone and release the lock before the clean-up runs
    TestEntities.awaitTrue(
        "only the holder's timer is left in the control queues",
        () -> fixture.controlMessages() == 1);
    await(first.close());

    // the holder's storage is lost while it holds the lock
    TaskHubStore hub = fixture.hub();
    await(hub.history().delete(holder));
    await(hub.instances().delete(holder));

    var clock = new MovableClock();
    Baton second = fixture.start(fixture.options().setClock(clock), TestEntities::register);
    DurableClient client2 = second.client();
    EntityId empty = EntityId.of("list", "emptied");
    await(client2.signalEntity(empty, "append", 1));
    await(client2.signalEntity(empty, "delete", null));
    TestEntities.awaitTrue(
        "the list is empty",
        () ->
            await(
                            client2.queryEntities(
                                new EntityQuery().setNamePrefix("list").setIncludeDeleted(true)))
                        .entities()
                        .size()
                    == 1
                && await(client2.getEntity(empty, new GetEntityOptions().setIncludeState(false)))
                    == null);

    assertEquals(
        new CleanEntityStorageResult(0, 0),
        await(
            client2.cleanEntityStorage(
                new CleanEntityStorageOptions().setReleaseOrphanedLocks(false))),
        "an entity just emptied is kept: its senders may go on numbering their messages");
    clock.advance(Duration.ofMinutes(11));
    CleanEntityStorageResult result = await(client2.cleanEntityStorage());
    assertEquals(1, result.orphanedLocksReleased());
    assertEquals(1, result.emptyEntitiesRemoved());
    EntityMetadata unlocked =
        awaitEntity(client2, account, m -> m.readState(TestEntities.Account.class).balance == 5);
    assertNull(unlocked.lockedBy());
    assertEquals(0, unlocked.backlog());
    assertEquals(
        List.of(),
        await(
                client2.queryEntities(
                    new EntityQuery().setNamePrefix("list").setIncludeDeleted(true)))
            .entities());
    assertEquals(new CleanEntityStorageResult(0, 0), await(client2.cleanEntityStorage()));

    await(client2.signalEntity(empty, "append", 2));
    assertNotNull(awaitEntity(client2, empty, m -> List.of(2).equals(m.readState(List.class))));
  }
}
