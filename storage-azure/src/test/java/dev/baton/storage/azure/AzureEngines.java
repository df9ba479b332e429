package dev.baton.storage.azure;

import dev.baton.core.spi.Backend;
import dev.baton.core.spi.TaskHubStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the Azure bindings of core's engine suites share: a backend on the test run's Azurite that
 * deletes the task hubs a test opened when the fixture closes it. Azurite keeps everything in one
 * process's memory and answers more slowly the more it holds, so hubs left behind by earlier tests
 * would slow the later ones down.
 */
final class AzureEngines {

  private AzureEngines() {}

  /** A new backend on the Azurite of this test run; the engine fixture closes it. */
  static Backend backend() {
    return new HubDeletingBackend(
        AzureBackend.create(
            new AzureStorageOptions()
                .setConnectionString(AzuriteExtension.azurite().connectionString())));
  }

  /** Deletes every hub opened through it, then closes the Azure backend. */
  static final class HubDeletingBackend implements Backend, MeterBinder {
    private final AzureBackend inner;
    private final Map<String, TaskHubStore> opened = new ConcurrentHashMap<>();

    HubDeletingBackend(AzureBackend inner) {
      this.inner = inner;
    }

    /** The Azure backend inside. */
    AzureBackend azure() {
      return inner;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
      inner.bindTo(registry);
    }

    @Override
    public java.time.Duration defaultMaxPollInterval() {
      return inner.defaultMaxPollInterval();
    }

    @Override
    public Future<TaskHubStore> open(Vertx vertx, String hubName, int partitionCount) {
      return inner
          .open(vertx, hubName, partitionCount)
          .onSuccess(hub -> opened.putIfAbsent(hub.name(), hub));
    }

    @Override
    public Future<Void> close() {
      List<Future<Void>> deletes = new ArrayList<>();
      opened.values().forEach(hub -> deletes.add(hub.delete()));
      return Future.join(deletes).transform(ar -> inner.close());
    }
  }
}
