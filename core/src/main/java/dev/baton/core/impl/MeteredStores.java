package dev.baton.core.impl;

import dev.baton.core.history.HistoryEvent;
import dev.baton.core.spi.HistoryStore;
import dev.baton.core.spi.InstanceFilter;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.InstanceStore;
import dev.baton.core.spi.Lease;
import dev.baton.core.spi.LeaseStore;
import dev.baton.core.spi.Page;
import dev.baton.core.spi.PayloadStore;
import dev.baton.core.spi.StoredHistory;
import dev.baton.core.spi.Versioned;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;

/**
 * The metered histories, status rows, leases and payloads of {@link MeteredBackend}: each call is
 * passed on unchanged and counted under its kind ({@code history.append}, {@code instances.get},
 * {@code leases.renew}, {@code payloads.put}, ...).
 */
final class MeteredStores {

  private MeteredStores() {}

  /** Histories, counted as {@code history.load|append|replace|delete}. */
  static final class History implements HistoryStore {
    private final HistoryStore store;
    private final StorageMeters load;
    private final StorageMeters append;
    private final StorageMeters replace;
    private final StorageMeters delete;

    History(HistoryStore store, MeterRegistry registry, Tags hub) {
      this.store = store;
      this.load = new StorageMeters(registry, hub, "history.load");
      this.append = new StorageMeters(registry, hub, "history.append");
      this.replace = new StorageMeters(registry, hub, "history.replace");
      this.delete = new StorageMeters(registry, hub, "history.delete");
    }

    @Override
    public Future<StoredHistory> load(String instanceId) {
      return load.count(store.load(instanceId));
    }

    @Override
    public Future<String> append(String instanceId, String expectedEtag, List<HistoryEvent> e) {
      return append.count(store.append(instanceId, expectedEtag, e));
    }

    @Override
    public Future<String> replace(String instanceId, String expectedEtag, List<HistoryEvent> e) {
      return replace.count(store.replace(instanceId, expectedEtag, e));
    }

    @Override
    public Future<Boolean> delete(String instanceId) {
      return delete.count(store.delete(instanceId));
    }
  }

  /** Status rows, counted as {@code instances.get|insert|update|query|delete}. */
  static final class Instances implements InstanceStore {
    private final InstanceStore store;
    private final StorageMeters get;
    private final StorageMeters insert;
    private final StorageMeters update;
    private final StorageMeters query;
    private final StorageMeters delete;

    Instances(InstanceStore store, MeterRegistry registry, Tags hub) {
      this.store = store;
      this.get = new StorageMeters(registry, hub, "instances.get");
      this.insert = new StorageMeters(registry, hub, "instances.insert");
      this.update = new StorageMeters(registry, hub, "instances.update");
      this.query = new StorageMeters(registry, hub, "instances.query");
      this.delete = new StorageMeters(registry, hub, "instances.delete");
    }

    @Override
    public Future<Versioned<InstanceRecord>> get(String instanceId) {
      return get.count(store.get(instanceId));
    }

    @Override
    public Future<String> insert(InstanceRecord record) {
      return insert.count(store.insert(record));
    }

    @Override
    public Future<String> update(InstanceRecord record, String ifMatch) {
      return update.count(store.update(record, ifMatch));
    }

    @Override
    public Future<Page<InstanceRecord>> query(
        InstanceFilter filter, int pageSize, String continuation) {
      return query.count(store.query(filter, pageSize, continuation));
    }

    @Override
    public Future<Boolean> delete(String instanceId) {
      return delete.count(store.delete(instanceId));
    }
  }

  /** Leases, counted as {@code leases.acquire|renew|release|list|announce|withdraw|owners}. */
  static final class Leases implements LeaseStore {
    private final LeaseStore store;
    private final StorageMeters acquire;
    private final StorageMeters renew;
    private final StorageMeters release;
    private final StorageMeters list;
    private final StorageMeters announce;
    private final StorageMeters withdraw;
    private final StorageMeters owners;

    Leases(LeaseStore store, MeterRegistry registry, Tags hub) {
      this.store = store;
      this.acquire = new StorageMeters(registry, hub, "leases.acquire");
      this.renew = new StorageMeters(registry, hub, "leases.renew");
      this.release = new StorageMeters(registry, hub, "leases.release");
      this.list = new StorageMeters(registry, hub, "leases.list");
      this.announce = new StorageMeters(registry, hub, "leases.announce");
      this.withdraw = new StorageMeters(registry, hub, "leases.withdraw");
      this.owners = new StorageMeters(registry, hub, "leases.owners");
    }

    @Override
    public Future<Lease> acquire(int partition, String owner, Duration duration) {
      return acquire.count(store.acquire(partition, owner, duration));
    }

    @Override
    public Future<Lease> renew(Lease lease, Duration duration) {
      return renew.count(store.renew(lease, duration));
    }

    @Override
    public Future<Void> release(Lease lease) {
      return release.count(store.release(lease));
    }

    @Override
    public Future<List<Lease>> list() {
      return list.count(store.list());
    }

    @Override
    public Future<Void> announce(String owner, Duration duration) {
      return announce.count(store.announce(owner, duration));
    }

    @Override
    public Future<Void> withdraw(String owner) {
      return withdraw.count(store.withdraw(owner));
    }

    @Override
    public Future<List<String>> owners() {
      return owners.count(store.owners());
    }
  }

  /** Large payloads, counted as {@code payloads.put|get|delete}. */
  static final class Payloads implements PayloadStore {
    private final PayloadStore store;
    private final StorageMeters put;
    private final StorageMeters get;
    private final StorageMeters delete;

    Payloads(PayloadStore store, MeterRegistry registry, Tags hub) {
      this.store = store;
      this.put = new StorageMeters(registry, hub, "payloads.put");
      this.get = new StorageMeters(registry, hub, "payloads.get");
      this.delete = new StorageMeters(registry, hub, "payloads.delete");
    }

    @Override
    public Future<Void> put(String name, Buffer data) {
      return put.count(store.put(name, data));
    }

    @Override
    public Future<Buffer> get(String name) {
      return get.count(store.get(name));
    }

    @Override
    public Future<Boolean> delete(String name) {
      return delete.count(store.delete(name));
    }
  }
}
