package dev.baton.core.spi;

import io.vertx.core.Future;
import java.util.Objects;

/**
 * A task hub that forwards every call to another hub: the base of a wrapper (metering, a fault
 * injector, a view with other payloads) that overrides only the stores it changes, as Guava's
 * {@code ForwardingObject}s do. {@link #withPayloads} keeps the interface's default, a view of
 * <em>this</em> hub, so the wrapper stays in the path of the view's queues, histories and rows;
 * override it where the wrapped hub must route its own offloads through the store given (SPI rule 4
 * of {@link TaskHubStore}).
 *
 * <pre>{@code
 * TaskHubStore counting = new ForwardingTaskHub(hub) {
 *   @Override
 *   public HistoryStore history() {
 *     return new CountingHistory(super.history());
 *   }
 * };
 * }</pre>
 */
public abstract class ForwardingTaskHub implements TaskHubStore {

  private final TaskHubStore delegate;

  /** Forwards to {@code delegate}, which must not be null. */
  protected ForwardingTaskHub(TaskHubStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The hub this one forwards to. */
  protected final TaskHubStore delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public int partitionCount() {
    return delegate.partitionCount();
  }

  @Override
  public MessageQueue<ControlMessage> controlQueue(int partition) {
    return delegate.controlQueue(partition);
  }

  @Override
  public MessageQueue<ActivityWorkItem> workItemQueue() {
    return delegate.workItemQueue();
  }

  @Override
  public HistoryStore history() {
    return delegate.history();
  }

  @Override
  public InstanceStore instances() {
    return delegate.instances();
  }

  @Override
  public LeaseStore leases() {
    return delegate.leases();
  }

  @Override
  public PayloadStore payloads() {
    return delegate.payloads();
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }

  @Override
  public Future<Void> delete() {
    return delegate.delete();
  }
}
