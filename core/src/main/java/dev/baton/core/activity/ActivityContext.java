package dev.baton.core.activity;

/** What an activity knows about its call. */
public interface ActivityContext {

  /** The activity's registered name. */
  String name();

  /** The orchestration instance that called it. */
  String instanceId();

  /** The call's sequence number in that orchestration; with the instance id, it names the call. */
  int taskId();

  /** The input, read as {@code type}; {@code null} when there was none. */
  <T> T input(Class<T> type);
}
