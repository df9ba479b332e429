package dev.baton.core.impl;

import dev.baton.core.BatonOptions;
import dev.baton.core.DataConverter;
import dev.baton.core.entity.Entity;
import dev.baton.core.impl.entity.EntityHost;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The engine's services as the entity runtime and client see them. */
final class EngineEntityHost implements EntityHost {

  private final BatonImpl engine;

  EngineEntityHost(BatonImpl engine) {
    this.engine = engine;
  }

  @Override
  public Vertx vertx() {
    return engine.vertx();
  }

  @Override
  public TaskHubStore store() {
    return engine.store();
  }

  @Override
  public BatonOptions options() {
    return engine.options();
  }

  @Override
  public Clock clock() {
    return engine.clock();
  }

  @Override
  public DataConverter converter() {
    return engine.converter();
  }

  @Override
  public Entity entity(String name) {
    return engine.registry().entity(name);
  }

  @Override
  public boolean hasOrchestrator(String name) {
    return engine.registry().orchestrator(name) != null;
  }

  @Override
  public boolean isRunning() {
    return engine.isRunning();
  }

  @Override
  public Future<Void> sendControl(List<ControlMessage> messages, Duration delay) {
    return engine.sendControl(messages, delay);
  }

  @Override
  public void statusChanged(InstanceRecord record) {
    engine.statusChanged(record);
  }

  @Override
  public dev.baton.core.impl.replay.StepWatch stepWatch() {
    return engine.stepWatch();
  }
}
