package dev.baton.storage.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.BatonException;
import dev.baton.core.ErrorCode;
import dev.baton.storage.azure.impl.AzureClients;
import dev.baton.storage.azure.testing.Azurite;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lease calls have an HTTP pipeline of their own: their own connections, so they never wait behind
 * data calls for one, and a short per-try timeout, so a call that gets no answer fails after its
 * tries instead of holding every renewal after it. Checked with real loopback sockets: a server
 * that accepts connections and never answers, and Azurite.
 */
@ExtendWith(AzuriteExtension.class)
class AzureLeasePipelineTest {

  private static final Duration TRY_TIMEOUT = Duration.ofSeconds(1);

  @Test
  void aLeaseCallThatGetsNoAnswerFailsAfterItsTriesWhileADataCallStillWaits(Azurite azurite)
      throws Exception {
    try (var silent = new LoopbackServer(Integer.MAX_VALUE, null)) {
      String account =
          azurite.connectionString().replace(azurite.blobEndpoint(), silent.endpoint());
      AzureClients clients =
          AzureClients.create(
              new AzureStorageOptions()
                  .setConnectionString(account)
                  .setLeaseTryTimeout(TRY_TIMEOUT),
              null);
      try {
        CompletableFuture<Boolean> data =
            clients.blobs().getBlobContainerAsyncClient("data").exists().toFuture();
        silent.awaitAccepted(1);

        CompletableFuture<Boolean> lease =
            clients.leaseBlobs().getBlobContainerAsyncClient("leases").exists().toFuture();
        var failure =
            assertThrows(
                ExecutionException.class,
                () -> lease.get(30, TimeUnit.SECONDS),
                "a lease call with no answer fails after its tries, not when the server answers");
        assertTrue(hasTimeout(failure), "it failed on its try timeout: " + failure.getCause());
        silent.awaitAccepted(3); // the data call's connection and one per lease try
        assertEquals(3, silent.accepted(), "two tries of the lease call, each on a new connection");
        assertFalse(data.isDone(), "the data call has no such timeout: it still waits");
      } finally {
        clients.close().block(Duration.ofSeconds(30));
      }
    }
  }

  @Test
  void leaseCallsDoNotWaitBehindDataCallsForAConnection(Azurite azurite) throws Exception {
    URI blob = URI.create(azurite.blobEndpoint());
    // blob calls, data and lease alike, go through a server that never answers on the first
    // connection and passes the others on to Azurite
    try (var gate =
        new LoopbackServer(
            1, new InetSocketAddress(InetAddress.getLoopbackAddress(), blob.getPort()))) {
      String account = azurite.connectionString().replace(azurite.blobEndpoint(), gate.endpoint());
      AzureClients clients =
          AzureClients.create(
              new AzureStorageOptions()
                  .setConnectionString(account)
                  .setMaxConnections(1)
                  .setLeaseTryTimeout(TRY_TIMEOUT),
              null);
      try {
        CompletableFuture<?> stuck =
            clients.blobs().getBlobContainerAsyncClient("stuck").exists().toFuture();
        gate.awaitAccepted(1); // it holds the data pool's only connection to the blob service

        CompletableFuture<Boolean> dataBlob =
            clients.blobs().getBlobContainerAsyncClient("pipeline-data").exists().toFuture();
        CompletableFuture<Boolean> leaseBlob =
            clients.leaseBlobs().getBlobContainerAsyncClient("pipeline-leases").exists().toFuture();

        assertFalse(
            leaseBlob.get(30, TimeUnit.SECONDS), "the lease call was answered (no container)");
        assertEquals(2, gate.accepted(), "the lease call came on a connection of its own");
        assertFalse(dataBlob.isDone(), "a data call to the same service waits for a connection");
        assertFalse(stuck.isDone(), "the data call holding it still waits for its answer");
      } finally {
        clients.close().block(Duration.ofSeconds(30));
      }
    }
  }

  @Test
  void theLeaseTryTimeoutDefaultsToTwoSecondsAndRoundTripsThroughJson() {
    var options = new AzureStorageOptions();
    assertEquals(Duration.ofSeconds(2), options.getLeaseTryTimeout());
    assertEquals(AzureStorageOptions.DEFAULT_LEASE_TRY_TIMEOUT, options.getLeaseTryTimeout());
    assertEquals(2L, options.toJson().getLong("leaseTryTimeoutSeconds"));

    options.setLeaseTryTimeout(Duration.ofSeconds(5));
    var copy = new AzureStorageOptions(options.toJson());
    assertEquals(Duration.ofSeconds(5), copy.getLeaseTryTimeout());
    assertEquals(Duration.ofSeconds(5), new AzureStorageOptions(options).getLeaseTryTimeout());
    assertTrue(options.toString().contains("leaseTryTimeout=PT5S"), options.toString());
  }

  @Test
  void aLeaseTryTimeoutThatIsNotWholeSecondsFromOneToSixtyIsRefused() {
    var options = new AzureStorageOptions();
    for (Duration bad :
        new Duration[] {
          null,
          Duration.ZERO,
          Duration.ofSeconds(-1),
          Duration.ofMillis(500),
          Duration.ofMillis(1500),
          Duration.ofSeconds(61)
        }) {
      var e = assertThrows(BatonException.class, () -> options.setLeaseTryTimeout(bad));
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("leaseTryTimeout"), e.getMessage());
      assertTrue(e.getMessage().contains("whole number of seconds from 1 to 60"), e.getMessage());
    }
    assertEquals(AzureStorageOptions.DEFAULT_LEASE_TRY_TIMEOUT, options.getLeaseTryTimeout());
    assertEquals(
        Duration.ofSeconds(60),
        options.setLeaseTryTimeout(Duration.ofSeconds(60)).getLeaseTryTimeout());

    for (Object bad : new Object[] {"2s", 1.5}) {
      var json = new JsonObject().put("leaseTryTimeoutSeconds", bad);
      var e = assertThrows(BatonException.class, () -> new AzureStorageOptions(json));
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("not a whole number of seconds"), e.getMessage());
    }
    var zero = new JsonObject().put("leaseTryTimeoutSeconds", 0);
    assertThrows(BatonException.class, () -> new AzureStorageOptions(zero));
  }

  private static boolean hasTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException
          || c.getClass().getSimpleName().contains("Timeout")
          || c instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * A loopback server that accepts every connection; the first {@code silent} ones it never answers
   * nor closes, the others it passes on to {@code forwardTo}.
   */
  private static final class LoopbackServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Semaphore arrivals = new Semaphore(0);
    private final int silent;
    private final InetSocketAddress forwardTo;
    private int accepted;

    LoopbackServer(int silent, InetSocketAddress forwardTo) throws IOException {
      this.silent = silent;
      this.forwardTo = forwardTo;
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofPlatform().daemon().name("loopback-server").start(this::acceptAll);
    }

    private void acceptAll() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          sockets.add(s);
          if (++accepted > silent) {
            forward(s);
          }
          arrivals.release();
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void forward(Socket client) throws IOException {
      Socket upstream = new Socket(forwardTo.getAddress(), forwardTo.getPort());
      sockets.add(upstream);
      pipe(client, upstream);
      pipe(upstream, client);
    }

    private static void pipe(Socket from, Socket to) {
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                try {
                  from.getInputStream().transferTo(to.getOutputStream());
                } catch (IOException closed) {
                  // either side closed: the other follows
                }
                try {
                  to.close();
                } catch (IOException ignored) {
                  // already closed
                }
              });
    }

    String endpoint() {
      return "http://127.0.0.1:" + server.getLocalPort() + "/devstoreaccount1";
    }

    /** How many connections clients made to it. */
    int accepted() {
      return arrivals.availablePermits();
    }

    /** Waits until {@code n} connections in all were accepted, 30 s at most. */
    void awaitAccepted(int n) throws InterruptedException {
      // one permit per accepted connection: n of them exist once n were accepted
      assertTrue(
          arrivals.tryAcquire(n, 30, TimeUnit.SECONDS),
          "the server accepted " + arrivals.availablePermits() + " connections, expected " + n);
      arrivals.release(n);
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
