package dev.baton.core.impl.entity;

import dev.baton.core.BatonOptions;
import dev.baton.core.DataConverter;
import dev.baton.core.entity.Entity;
import dev.baton.core.impl.replay.StepWatch;
import dev.baton.core.spi.ControlMessage;
import dev.baton.core.spi.InstanceRecord;
import dev.baton.core.spi.TaskHubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** What the entity runtime and the entity client need from their engine. */
public interface EntityHost {

  /** The engine's Vert.x. */
  Vertx vertx();

  /** The open task hub. */
  TaskHubStore store();

  /** The engine's options. */
  BatonOptions options();

  /** The engine's clock. */
  Clock clock();

  /** The converter of inputs, results and state. */
  DataConverter converter();

  /** The entity registered under {@code name} (lower case), or {@code null}. */
  Entity entity(String name);

  /** Whether an orchestrator is registered under {@code name}. */
  boolean hasOrchestrator(String name);

  /** Whether the engine is started and not closed. */
  boolean isRunning();

  /** Sends control messages to their partitions, waking local ones. */
  Future<Void> sendControl(List<ControlMessage> messages, Duration delay);

  /** Tells waiters that a status row was written. */
  void statusChanged(InstanceRecord record);

  /** Told when entity code runs and ends, to report steps that run too long. */
  default StepWatch stepWatch() {
    return StepWatch.NONE;
  }
}
