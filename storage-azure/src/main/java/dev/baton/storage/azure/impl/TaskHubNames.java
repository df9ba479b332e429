package dev.baton.storage.azure.impl;

import dev.baton.core.spi.StoreException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Azure names of a task hub's tables, queues and containers, derived from its name as Durable
 * Functions does: tables {@code {hub}History} and {@code {hub}Instances}, queues {@code
 * {hub}-control-NN} and {@code {hub}-workitems}, containers {@code {hub}-leases} and {@code
 * {hub}-largemessages} (queue and container names in lower case).
 *
 * <p>A hub name is 3 to 45 ASCII letters and digits starting with a letter: table names allow
 * nothing else, and queue and container names must stay within 63 characters. Azure compares table
 * names without regard to case, so two hubs whose names differ only in case are the same hub.
 */
public record TaskHubNames(String hub) {

  private static final Pattern HUB = Pattern.compile("[A-Za-z][A-Za-z0-9]{2,44}");

  public TaskHubNames {
    if (hub == null || !HUB.matcher(hub).matches()) {
      throw new StoreException(
          StoreException.Reason.INVALID_KEY,
          "task hub name '"
              + hub
              + "' cannot name Azure tables, queues and containers: use 3 to 45 ASCII letters"
              + " and digits, starting with a letter (e.g. 'MyTaskHub')");
    }
  }

  private String lower() {
    return hub.toLowerCase(Locale.ROOT);
  }

  public String historyTable() {
    return hub + "History";
  }

  public String instancesTable() {
    return hub + "Instances";
  }

  /** The control queue of {@code partition}: {@code {hub}-control-00} and so on. */
  public String controlQueue(int partition) {
    return lower() + "-control-" + String.format(Locale.ROOT, "%02d", partition);
  }

  public String workItemQueue() {
    return lower() + "-workitems";
  }

  public String leasesContainer() {
    return lower() + "-leases";
  }

  public String largeMessagesContainer() {
    return lower() + "-largemessages";
  }
}
