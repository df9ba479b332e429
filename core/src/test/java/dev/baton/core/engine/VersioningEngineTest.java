package dev.baton.core.engine;

import static dev.baton.core.engine.EngineFixture.await;
import static dev.baton.core.engine.EngineFixture.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.Baton;
import dev.baton.core.BatonException;
import dev.baton.core.BatonOptions;
import dev.baton.core.ErrorCode;
import dev.baton.core.RuntimeStatus;
import dev.baton.core.VersioningOptions;
import dev.baton.core.VersioningOptions.FailureStrategy;
import dev.baton.core.VersioningOptions.MatchStrategy;
import dev.baton.core.client.DurableClient;
import dev.baton.core.client.InstanceMetadata;
import dev.baton.core.client.StartOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Versioning strategies: a default version for new starts, and instances of versions an engine does
 * not run either left as they are (for an engine of their version) or failed.
 */
public abstract class VersioningEngineTest extends EngineTestBase {

  private Baton engine(VersioningOptions versioning) {
    BatonOptions options = fixture.options().setVersioning(versioning);
    return fixture.start(
        options,
        b ->
            b.addOrchestrator(
                "which",
                ctx -> {
                  ctx.createTimer(Duration.ofMillis(1)).await(); // one more episode, replayed
                  return "ran " + ctx.version();
                }));
  }

  private static String start(DurableClient client, String id, String version) {
    return await(
        client.scheduleNewOrchestration(
            "which", null, new StartOptions().setInstanceId(id).setVersion(version)));
  }

  @Test
  void newStartsWithoutAVersionGetTheDefaultOne() {
    DurableClient client = engine(new VersioningOptions().setDefaultVersion("3")).client();
    InstanceMetadata defaulted = complete(client, start(client, "d1", null));
    assertEquals("3", defaulted.version());
    assertEquals("ran 3", defaulted.readOutput(String.class));
    assertEquals("ran 1", complete(client, start(client, "d2", "1")).readOutput(String.class));
  }

  @Test
  void strictFailStrategyFailsEveryOtherVersionWithAClearFailure() {
    DurableClient client =
        engine(
                new VersioningOptions()
                    .setVersion("2")
                    .setMatchStrategy(MatchStrategy.STRICT)
                    .setFailureStrategy(FailureStrategy.FAIL))
            .client();
    assertEquals("ran 2", complete(client, start(client, "s2", "2")).readOutput(String.class));
    for (String other : new String[] {"1", "3", null}) {
      InstanceMetadata failed = complete(client, start(client, "s-" + other, other));
      assertEquals(RuntimeStatus.FAILED, failed.status(), String.valueOf(other));
      String message = failed.failure().message();
      assertTrue(
          message.startsWith("BATON-117")
              && message.contains(other == null ? "no version" : "'" + other + "'")
              && message.contains("runs version '2'"),
          message);
      assertEquals(
          List.of(),
          await(client.getInstanceHistory("s-" + other)).stream()
              .filter(e -> e instanceof dev.baton.core.history.HistoryEvent.TimerCreated)
              .toList(),
          "no orchestrator code ran");
    }
  }

  @Test
  void currentOrOlderRunsOlderVersionsComparedPartByPart() {
    DurableClient client =
        engine(
                new VersioningOptions()
                    .setVersion("1.10")
                    .setMatchStrategy(MatchStrategy.CURRENT_OR_OLDER)
                    .setFailureStrategy(FailureStrategy.FAIL))
            .client();
    for (String ok : new String[] {"1.10", "1.9", "1", "0.99.1", null}) {
      assertEquals(
          "ran " + ok, complete(client, start(client, "ok-" + ok, ok)).readOutput(String.class));
    }
    for (String newer : new String[] {"1.11", "2", "1.10.1", "1.10a"}) {
      assertEquals(
          RuntimeStatus.FAILED, complete(client, start(client, "new-" + newer, newer)).status());
    }
  }

  @Test
  void leaveStrategyKeepsTheInstanceAsItIsForAnEngineOfItsVersion() {
    Baton old =
        engine(
            new VersioningOptions()
                .setVersion("1")
                .setMatchStrategy(MatchStrategy.STRICT)
                .setRecheckInterval(Duration.ofMillis(50)));
    DurableClient client = old.client();
    assertEquals("ran 1", complete(client, start(client, "mine", "1")).readOutput(String.class));
    try (CapturedLog log = CapturedLog.of("dev.baton.core.impl.VersionGate")) {
      start(client, "newer", "2");
      TestEntities.awaitTrue(
          "the instance is looked at again, and left again",
          () -> log.messages().stream().filter(m -> m.contains("'newer'")).count() >= 3);
      InstanceMetadata left = await(client.getInstance("newer"));
      assertEquals(RuntimeStatus.PENDING, left.status(), "left as it is");
      assertEquals(List.of(), await(client.getInstanceHistory("newer")), "no history written");
      assertTrue(
          log.messages().stream().anyMatch(m -> m.contains("BATON-117")),
          log.messages().toString());
    }
    await(old.close());
    DurableClient next =
        engine(new VersioningOptions().setVersion("2").setMatchStrategy(MatchStrategy.STRICT))
            .client();
    InstanceMetadata done = complete(next, "newer");
    assertEquals("ran 2", done.readOutput(String.class), "an engine of its version runs it");
  }

  @Test
  void badVersioningOptionsAreRefused() {
    List<Executable> bad =
        List.of(
            () -> new VersioningOptions().setMatchStrategy(null),
            () -> new VersioningOptions().setFailureStrategy(null),
            () -> new VersioningOptions().setRecheckInterval(Duration.ZERO),
            () -> new VersioningOptions().setRecheckInterval(null),
            () -> new VersioningOptions(new JsonObject().put("matchStrategy", "loose")),
            () -> new VersioningOptions(new JsonObject().put("failureStrategy", 3)),
            () -> new VersioningOptions(new JsonObject().put("recheckIntervalMs", -1)),
            () -> new BatonOptions().setVersioning(null),
            () -> new BatonOptions(new JsonObject().put("versioning", "strict")));
    for (Executable e : bad) {
      assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(BatonException.class, e).code());
    }
    var options =
        new VersioningOptions()
            .setVersion("2")
            .setDefaultVersion("2")
            .setMatchStrategy(MatchStrategy.CURRENT_OR_OLDER)
            .setFailureStrategy(FailureStrategy.FAIL)
            .setRecheckInterval(Duration.ofSeconds(5));
    var copy = new BatonOptions(new BatonOptions().setVersioning(options).toJson()).getVersioning();
    assertEquals(options.toJson(), copy.toJson());
    assertEquals(
        MatchStrategy.CURRENT_OR_OLDER,
        new VersioningOptions(new JsonObject().put("matchStrategy", "current_or_older"))
            .getMatchStrategy());
  }
}
