/**
 * Replay: an orchestration's code driven by history, with no Vert.x, store or wall clock. What runs
 * on which thread:
 *
 * <ul>
 *   <li>{@link dev.baton.core.impl.replay.OrchestrationExecution}: the orchestrator's code runs on
 *       one virtual thread per execution, created on its first episode and parked in {@code
 *       await()} between episodes. Its scheduler is the one the owner gives ({@link
 *       dev.baton.core.impl.replay.VirtualThreads}: the partition's event loop on JDK 24+ with the
 *       JVM flag, else the JDK's default).
 *   <li>{@code ExecutionContext}, {@code TaskImpl}, {@code Actions}, {@code ExternalEvents}, {@code
 *       EntityCalls}, {@code Retries}, {@code CompositeTasks}: used only from that virtual thread;
 *       a call from any other thread fails with {@code ILLEGAL_ORCHESTRATION_CALL}.
 *   <li>The owner (a partition) calls {@code process} and {@code abort} from its own context, one
 *       episode at a time; the result callback runs on the virtual thread just before it parks and
 *       only hands the result over.
 *   <li>{@link dev.baton.core.impl.replay.StepWatch}: told on the virtual thread when the code
 *       runs, parks and ends.
 * </ul>
 *
 * <p>Control-flow signals ({@code NonDeterminismSignal}, {@code ContinueAsNewSignal}, {@code
 * ExecutionAbort}) are {@link java.lang.Error}s without a stack trace that unwind the code; the
 * first one raised is remembered, so user code that catches it cannot change how the execution
 * ends.
 */
package dev.baton.core.impl.replay;
