package dev.baton.core.impl.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonOptions;
import dev.baton.core.DataConverter;
import dev.baton.core.entity.Entity;
import dev.baton.core.history.HistoryEvent.EntityOperationRequested;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client's signals numbered and sent in order per target, from sends alone. */
class SignalChannelsTest {

  private static final String TARGET = "@counter@k";

  private final Vertx vertx = Vertx.vertx();

  /** Every send the channels made, in the order they made them. */
  private final List<List<ControlMessage>> sends = Collections.synchronizedList(new ArrayList<>());

  /** Answers each send; by default at once. */
  private volatile Function<List<ControlMessage>, Future<Void>> store =
      m -> Future.succeededFuture();

  private final SignalChannels channels =
      new SignalChannels(host(), (t, what) -> new IllegalStateException(what + ": " + t));

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void concurrentCallersSignalsAreNumberedInTheOrderTheyAreSent() throws Exception {
    int callers = 16;
    int each = 500;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<?>> all = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        all.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    channels.send(TARGET, "add", "1", null, null).await(5, TimeUnit.SECONDS);
                  }
                  return null;
                }));
      }
      for (var f : all) {
        f.get(30, TimeUnit.SECONDS);
      }
    }
    List<EntityOperationRequested> sent = requests();
    assertEquals(callers * each, sent.size());
    String source = sent.getFirst().source();
    for (int i = 0; i < sent.size(); i++) {
      EntityOperationRequested r = sent.get(i);
      assertEquals(source, r.source(), "one channel");
      assertEquals(i + 1, r.seq(), "numbered in the order sent");
      assertEquals(source + ":" + (i + 1), r.requestId());
      if (i == 0) {
        assertNull(r.previousSentAt());
      } else {
        assertEquals(sent.get(i - 1).timestamp(), r.previousSentAt());
      }
    }
  }

  @Test
  void signalsAskedForDuringASlowSendGoTogetherInTheNextOne() {
    Promise<Void> first = Promise.promise();
    store = m -> first.future();
    Future<Void> a = channels.send(TARGET, "add", "1", null, null);
    store = m -> Future.succeededFuture();
    Future<Void> b = channels.send(TARGET, "add", "2", null, null);
    Future<Void> c = channels.send(TARGET, "add", "3", null, "00-trace-01");
    assertEquals(1, sends.size());
    assertFalse(a.isComplete() || b.isComplete() || c.isComplete());
    first.complete();
    assertTrue(a.succeeded() && b.succeeded() && c.succeeded());
    assertEquals(2, sends.size());
    assertEquals(2, sends.get(1).size(), "the two that waited went in one send");
    List<EntityOperationRequested> sent = requests();
    assertEquals(List.of("1", "2", "3"), sent.stream().map(r -> r.input()).toList());
    assertEquals(List.of(1L, 2L, 3L), sent.stream().map(r -> r.seq()).toList());
    assertEquals("00-trace-01", sent.get(2).traceParent());
  }

  @Test
  void aFailedSendFailsItsSignalsAndTheNextOnesGoOnANewChannelFromOne() {
    Promise<Void> first = Promise.promise();
    store = m -> first.future();
    Future<Void> a = channels.send(TARGET, "add", "1", null, null);
    Future<Void> b = channels.send(TARGET, "add", "2", null, null); // waits behind a
    store = m -> Future.succeededFuture();
    first.fail(new RuntimeException("store down"));
    assertTrue(a.failed());
    assertTrue(a.cause().getMessage().contains("signal '" + TARGET + "'"), a.cause().getMessage());
    assertTrue(a.cause().getMessage().contains("store down"));
    assertTrue(b.succeeded(), "a signal that waited is sent on the new channel");
    List<EntityOperationRequested> sent = requests();
    assertNotEquals(sent.get(0).source(), sent.get(1).source());
    assertEquals(1, sent.get(1).seq(), "no gap for the entity to wait on");
    assertNull(sent.get(1).previousSentAt());
    Future<Void> c = channels.send(TARGET, "add", "3", null, null);
    assertTrue(c.succeeded());
    assertEquals(sent.get(1).source(), requests().get(2).source());
    assertEquals(2, requests().get(2).seq());
  }

  @Test
  void aSendThatThrowsFailsItsSignalAndLeavesTheChannelsUsable() {
    store =
        m -> {
          throw new IllegalArgumentException("refused");
        };
    Future<Void> a = channels.send(TARGET, "add", "1", null, null);
    assertTrue(a.failed());
    assertTrue(a.cause().getMessage().contains("refused"));
    store = m -> Future.succeededFuture();
    assertTrue(channels.send(TARGET, "add", "2", null, null).succeeded());
    assertEquals(1, requests().getLast().seq());
  }

  @Test
  void eachTargetHasItsOwnChannel() {
    channels.send(TARGET, "add", "1", null, null);
    channels.send("@counter@other", "add", "1", null, null);
    channels.send(TARGET, "add", "1", null, null);
    List<EntityOperationRequested> sent = requests();
    assertEquals(List.of(1L, 1L, 2L), sent.stream().map(r -> r.seq()).toList());
    assertEquals(sent.get(0).source(), sent.get(2).source());
    assertNotEquals(sent.get(0).source(), sent.get(1).source());
    assertEquals("@counter@other", sent.get(1).target());
  }

  private List<EntityOperationRequested> requests() {
    List<EntityOperationRequested> out = new ArrayList<>();
    synchronized (sends) {
      for (List<ControlMessage> send : sends) {
        for (ControlMessage m : send) {
          out.add((EntityOperationRequested) m.event());
        }
      }
    }
    return out;
  }

  private EntityHost host() {
    return new EntityHost() {
      @Override
      public Vertx vertx() {
        return vertx;
      }

      @Override
      public TaskHubStore store() {
        throw new UnsupportedOperationException();
      }

      @Override
      public BatonOptions options() {
        return new BatonOptions();
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }

      @Override
      public DataConverter converter() {
        return DataConverter.jackson();
      }

      @Override
      public Entity entity(String name) {
        return null;
      }

      @Override
      public boolean hasOrchestrator(String name) {
        return false;
      }

      @Override
      public boolean isRunning() {
        return true;
      }

      @Override
      public Future<Void> sendControl(List<ControlMessage> messages, Duration delay) {
        assertEquals(Duration.ZERO, delay);
        sends.add(List.copyOf(messages));
        return store.apply(messages);
      }

      @Override
      public void statusChanged(InstanceRecord record) {}
    };
  }
}
