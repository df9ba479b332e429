package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static dev.baton.core.engine.EngineFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.RestartOptions;
import dev.baton.core.client.StartOptions;
import dev.baton.core.entity.EntityId;
import dev.baton.core.entity.EntityMetadata;
import dev.baton.core.entity.GetEntityOptions;
import dev.baton.core.orchestration.ContinueAsNewOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The options objects that replaced boolean parameters ({@code restart}, {@code getEntity}, {@code
 * continueAsNew}): their defaults, the non-default choice, {@code null} options and bad input.
 */
public abstract class OptionObjectsEngineTest extends EngineTestBase {

  private DurableClient start() {
    return fixture
        .start(
            b ->
                TestEntities.register(b)
                    .addOrchestrator("echo", ctx -> ctx.input(String.class))
                    .addOrchestrator(
                        "carry",
                        ctx -> {
                          if (ctx.input(Integer.class) == 0) {
                            ctx.waitForExternalEvent("go", String.class).await();
                            ctx.waitForExternalEvent("sync", String.class).await();
                            ctx.continueAsNew(1, null); // null options: events carried over
                          }
                          return ctx.waitForExternalEvent("extra", String.class).await();
                        }))
        .client();
  }

  @Test
  void restartTakesANewIdByDefaultAndTheSameOneWhenAsked() {
    DurableClient client = start();
    String id = await(client.scheduleNewOrchestration("echo", "x", new StartOptions()));
    complete(client, id);
    String fresh = await(client.restart(id));
    assertNotEquals(id, fresh);
    assertEquals("x", complete(client, fresh).readOutput(String.class));
    assertNotEquals(id, await(client.restart(id, null)), "null options: the defaults");
    String same =
        await(client.restart(id, new RestartOptions().setRestartWithNewInstanceId(false)));
    assertEquals(id, same);
    assertEquals("x", complete(client, same).readOutput(String.class));

    assertEquals(ErrorCode.INVALID_INSTANCE_ID, code(client.restart(" a")));
    assertEquals(ErrorCode.INSTANCE_NOT_FOUND, code(client.restart("ghost", null)));
    assertFalse(
        new RestartOptions(new JsonObject().put("restartWithNewInstanceId", false))
            .isRestartWithNewInstanceId());
    assertEquals(
        new JsonObject().put("restartWithNewInstanceId", true), new RestartOptions().toJson());
  }

  @Test
  void getEntityReadsTheStateUnlessAskedNotTo() {
    DurableClient client = start();
    EntityId id = EntityId.of("counter", "opts");
    await(client.signalEntity(id, "add", 5));
    EntityMetadata withState =
        TestEntities.awaitEntity(client, id, m -> EntityEngineTest.counterValue(m) == 5);
    assertTrue(withState.hasState());
    EntityMetadata same = await(client.getEntity(id, null));
    assertEquals(5, EntityEngineTest.counterValue(same));
    EntityMetadata bare =
        await(client.getEntity(id, new GetEntityOptions().setIncludeState(false)));
    assertEquals(withState.lastOperationTime(), bare.lastOperationTime());
    assertNull(bare.state(), "no state read");

    assertEquals(ErrorCode.INVALID_ARGUMENT, code(client.getEntity(null)));
    assertEquals(ErrorCode.INVALID_ARGUMENT, code(client.getEntity(null, new GetEntityOptions())));
    assertNull(await(client.getEntity(EntityId.of("counter", "never"))));
    assertFalse(
        new GetEntityOptions(new GetEntityOptions().setIncludeState(false).toJson())
            .isIncludeState());
  }

  @Test
  void continueAsNewWithDefaultOptionsCarriesUnconsumedEvents() {
    DurableClient client = start();
    String id = await(client.scheduleNewOrchestration("carry", 0, new StartOptions()));
    await(client.waitForInstanceStart(id, java.time.Duration.ofSeconds(30)));
    for (String event : List.of("go", "extra", "sync")) {
      await(client.raiseEvent(id, event, event + "!"));
    }
    assertEquals("extra!", complete(client, id).readOutput(String.class));
    assertTrue(new ContinueAsNewOptions().isPreserveUnprocessedEvents());
    assertFalse(
        new ContinueAsNewOptions(new JsonObject().put("preserveUnprocessedEvents", false))
            .isPreserveUnprocessedEvents());
  }

  private static ErrorCode code(io.vertx.core.Future<?> f) {
    return ((BatonException) failure(f)).code();
  }
}
