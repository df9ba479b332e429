/**
 * The engine; not for users to import. What runs on which thread:
 *
 * <ul>
 *   <li>{@link dev.baton.core.impl.PartitionVerticle}: one verticle per partition this engine
 *       holds, each on its own event-loop context. A partition's state (its instance slots, the
 *       messages it holds in {@code PartitionMessages}/{@code HeldMessages}, its {@code
 *       ReceiveLoop} and its {@code PartitionCache}) is touched only there, without locks; other
 *       threads reach it only through {@code runOnContext} ({@code acceptLocal}, the wake-ups, a
 *       cache trim request). An instance's slot is of its kind, an {@code OrchestrationSlot} or an
 *       {@code EntitySlot}, and its life cycle is an {@code InstanceMachine} (pure and synchronous,
 *       its transitions tabled per kind in {@code InstanceLifecycle}); the verticle carries out the
 *       effects it answers, the orchestration ones through {@code OrchestrationSteps}, and feeds
 *       each outcome back on the same context, at once when the outcome is already known (a cached
 *       history, a store that answered synchronously): no hop is added to an episode.
 *   <li>Orchestrator and entity code: on virtual threads, mounted on the partition's event loop
 *       when {@code VirtualThreads.placement} allows it (JDK 24+ with the JVM flag), else on the
 *       JDK's default scheduler; results come back to the partition with {@code runOnContext}.
 *   <li>{@link dev.baton.core.impl.ActivityWorker}: a verticle (the engine's own, and one on each
 *       partition's context) whose receive loop and bookkeeping run on its context; activity code
 *       runs on its own virtual threads, never on an event loop unless registered so ({@code
 *       ActivityOptions.onEventLoop}). Their carriers are the JDK's default scheduler's, or {@code
 *       ActivityCarriers}' platform threads (shared by the JVM, daemons) for those that start while
 *       few others run, where {@code VirtualThreads.schedulerChoosable}. A partition's calls that
 *       find every slot taken wait in its worker's {@code WaitingCalls}, on its context.
 *   <li>{@link dev.baton.core.impl.LeaseKeeper}: its periodic balance and each lease's renewal and
 *       expiry timers, all on the one Vert.x context it takes when made; it deploys and undeploys
 *       partition verticles.
 *   <li>Shared across threads, lock-free: {@link dev.baton.core.impl.BatonImpl}'s routing maps and
 *       counters, {@code InstanceWatchers}, {@code ExecutionCache}'s accounting (atomics) and the
 *       {@code Registry} (read-only once built).
 *   <li>{@link dev.baton.core.impl.DurableClientImpl} and {@code InstanceControl}: on the caller's
 *       thread or context; they only call the stores, whose futures complete on the caller's
 *       context.
 *   <li>{@code LongStepChecker}: one daemon platform thread per engine that reads the running steps
 *       of user code and logs those past {@code maxUserCodeStepTime}; it never touches a partition.
 * </ul>
 *
 * <p>Pure helpers ({@code EpisodeTriage}, {@code RewindPlan}, {@code OrchestrationMessages}, {@code
 * InstanceLifecycle}) hold no state and run on whichever thread calls them, in practice the
 * partition's context.
 */
package dev.baton.core.impl;
