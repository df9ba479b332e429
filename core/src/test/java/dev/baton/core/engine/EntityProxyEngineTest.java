package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static dev.baton.core.engine.TestEntities.awaitEntity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.entity.Entity;
import dev.baton.core.entity.EntityContext;
import dev.baton.core.entity.EntityId;
import dev.baton.core.orchestration.Task;
import dev.baton.core.orchestration.TaskFailedException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Typed entity access: an entity written as a class, used through interfaces from a client and from
 * orchestrations (signals, and calls with results), with the state checked.
 */
public abstract class EntityProxyEngineTest extends EngineTestBase {

  /** The entity, written as a class; its state is the object. */
  public static class Tally {
    public int total;
    public List<String> labels = new ArrayList<>();

    public void add(int amount) {
      total += amount;
    }

    public void label(Label label) {
      labels.add(label.text() + "#" + label.rank());
    }

    public int get() {
      return total;
    }

    public Summary summary() {
      return new Summary(total, List.copyOf(labels));
    }

    public void reset() {
      total = 0;
    }

    public int fail(String why) {
      throw new IllegalStateException("refused: " + why);
    }
  }

  public record Label(String text, int rank) {}

  public record Summary(int total, List<String> labels) {}

  /** What an orchestration sees: signals and calls. */
  public interface TallyOps {
    void add(int amount);

    void label(Label label);

    Task<Integer> get();

    Task<Summary> summary();

    Task<Void> reset();

    Task<Integer> fail(String why);

    /** Runs as written, through the operations. */
    default Task<Integer> addAndGet(int amount) {
      add(amount);
      return get();
    }
  }

  /** What a client sees: signals, and calls with results. */
  public interface TallySignals {
    Future<Void> add(int amount);

    Future<Void> label(Label label);

    void reset();

    Future<Integer> get();

    Future<Summary> summary();

    Future<Integer> fail(String why);
  }

  private DurableClient start() {
    return fixture
        .start(
            b ->
                b.addEntity("tally", Entity.ofClass(Tally.class))
                    .addOrchestrator(
                        "useTally",
                        ctx -> {
                          TallyOps tally =
                              ctx.entityProxy(
                                  TallyOps.class, EntityId.of("tally", ctx.input(String.class)));
                          tally.add(3);
                          tally.label(new Label("from orchestration", 1));
                          int afterFour = tally.addAndGet(4).await();
                          Summary before = tally.summary().await();
                          tally.reset().await();
                          String failure;
                          try {
                            tally.fail("no").await();
                            failure = "none";
                          } catch (TaskFailedException e) {
                            failure = e.getMessage();
                          }
                          return List.of(
                              afterFour,
                              before,
                              tally.get().await(),
                              failure.contains("refused: no"));
                        })
                    .addOrchestrator(
                        "badProxy",
                        ctx -> ctx.entityProxy(TwoParameters.class, EntityId.of("tally", "x"))))
        .client();
  }

  @Test
  void aClientSignalsThroughAnInterfaceAndTheStateFollows() {
    DurableClient client = start();
    EntityId id = EntityId.of("tally", "client");
    TallySignals tally = client.entityProxy(TallySignals.class, id);
    await(tally.add(5));
    await(tally.add(7));
    await(tally.label(new Label("typed", 2)));
    // the third signal ran last: once its label is there, both adds ran before it
    Tally state =
        awaitEntity(client, id, m -> !m.readState(Tally.class).labels.isEmpty())
            .readState(Tally.class);
    assertEquals(List.of("typed#2"), state.labels);
    assertEquals(12, state.total);
    // a call waits for the operations signalled before it, and returns the result
    assertEquals(new Summary(12, List.of("typed#2")), await(tally.summary()));
    await(tally.add(1));
    assertEquals(13, await(tally.get()));
    var failed = (BatonException) EngineFixture.failure(tally.fail("no"));
    assertEquals(ErrorCode.TASK_FAILED, failed.code());
    assertTrue(failed.getMessage().contains("refused: no"), failed.getMessage());
    assertEquals(
        List.of(),
        await(
                client.queryInstances(
                    new dev.baton.core.client.InstanceQuery().setInstanceIdPrefix("baton-")))
            .instances(),
        "the calls' instances are purged");
    tally.reset(); // a void method signals too
    awaitEntity(client, id, m -> m.readState(Tally.class).total == 0);
    assertTrue(tally.toString().contains("tally"), tally.toString());
    assertEquals(tally, tally);
  }

  @Test
  void anOrchestrationSignalsAndCallsThroughAnInterfaceAndGetsTheResults() {
    DurableClient client = start();
    String id = await(client.scheduleNewOrchestration("useTally", "orch"));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.COMPLETED, done.status(), () -> String.valueOf(done.failure()));
    List<?> out = done.readOutput(List.class);
    assertEquals(7, out.get(0), "signals ran before the call, in order");
    assertEquals(
        java.util.Map.of("total", 7, "labels", List.of("from orchestration#1")), out.get(1));
    assertEquals(0, out.get(2), "the Task<Void> reset ran before the next call");
    assertEquals(true, out.get(3), "a failed operation fails the call's task");
    Tally state = await(client.getEntity(EntityId.of("tally", "orch"))).readState(Tally.class);
    assertEquals(0, state.total);
    assertEquals(List.of("from orchestration#1"), state.labels);
  }

  @Test
  void aBadInterfaceInAnOrchestrationFailsItWithTheReason() {
    DurableClient client = start();
    String id = await(client.scheduleNewOrchestration("badProxy", null));
    InstanceMetadata done = complete(client, id);
    assertEquals(RuntimeStatus.FAILED, done.status());
    assertTrue(
        done.failure().message().contains("BATON-112")
            && done.failure().message().contains("2 parameters"),
        done.failure().message());
    assertNull(await(client.getEntity(EntityId.of("tally", "x"))), "nothing was sent");
  }

  public interface TwoParameters {
    void add(int a, int b);
  }

  public interface ReturnsInt {
    int get();
  }

  public interface ClientCall {
    Future<Integer> get();
  }

  public interface ClientTask {
    Task<Integer> get();
  }

  public interface Generic {
    <T> Task<T> get();
  }

  public interface Wildcard {
    Task<?> get();
  }

  public interface TakesContext {
    void add(EntityContext ctx);
  }

  public interface Empty {}

  @Test
  void badInterfacesAreRefusedWhenTheProxyIsMade() {
    DurableClient client = start();
    EntityId id = EntityId.of("tally", "bad");
    List<Executable> bad =
        List.of(
            () -> client.entityProxy(Tally.class, id),
            () -> client.entityProxy(TwoParameters.class, id),
            () -> client.entityProxy(ReturnsInt.class, id),
            () -> client.entityProxy(ClientTask.class, id),
            () -> client.entityProxy(Wildcard.class, id),
            () -> client.entityProxy(TakesContext.class, id),
            () -> client.entityProxy(Empty.class, id),
            () -> client.entityProxy(null, id),
            () -> client.entityProxy(TallySignals.class, null));
    for (Executable e : bad) {
      BatonException thrown = assertThrows(BatonException.class, e);
      assertEquals(ErrorCode.INVALID_ARGUMENT, thrown.code(), thrown.getMessage());
    }
    assertTrue(
        assertThrows(BatonException.class, () -> client.entityProxy(ClientTask.class, id))
            .getMessage()
            .contains("Future<T> (a call)"));
    assertTrue(
        assertThrows(BatonException.class, () -> client.entityProxy(TwoParameters.class, id))
            .getMessage()
            .contains("TwoParameters.add"));
    // in an orchestration: the shapes that have no meaning there
    for (Class<?> type :
        List.of(ClientCall.class, Generic.class, Wildcard.class, ReturnsInt.class)) {
      assertEquals(
          ErrorCode.INVALID_ARGUMENT,
          assertThrows(
                  BatonException.class,
                  () -> dev.baton.core.impl.entity.EntityProxies.orchestration(null, type, id))
              .code(),
          type.getName());
    }
    // an unknown entity name is refused when a signal is sent, as for signalEntity
    var unknown = client.entityProxy(TallySignals.class, EntityId.of("nobody", "k"));
    assertEquals(
        ErrorCode.UNKNOWN_ENTITY, ((BatonException) EngineFixture.failure(unknown.add(1))).code());
    assertEquals(
        ErrorCode.UNKNOWN_ENTITY, ((BatonException) EngineFixture.failure(unknown.get())).code());
  }
}
