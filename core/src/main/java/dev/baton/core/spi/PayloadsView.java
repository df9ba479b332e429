package dev.baton.core.spi;

import java.util.Objects;

/**
 * The default {@link TaskHubStore#withPayloads}: the same hub, with another {@link PayloadStore}
 * answering {@link #payloads()}.
 */
final class PayloadsView extends ForwardingTaskHub {

  private final PayloadStore payloads;

  PayloadsView(TaskHubStore hub, PayloadStore payloads) {
    super(hub);
    this.payloads = Objects.requireNonNull(payloads, "payloads");
  }

  @Override
  public PayloadStore payloads() {
    return payloads;
  }

  @Override
  public TaskHubStore withPayloads(PayloadStore payloads) {
    return new PayloadsView(delegate(), payloads); // a view of the hub, not a view of a view
  }
}
