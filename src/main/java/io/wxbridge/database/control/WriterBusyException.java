package io.wxbridge.database.control;

import java.sql.SQLTimeoutException;

/**
 * A request's unit of work ({@link GroupCommit#runForRequest}) waited bridge.inbox.database-timeout
 * for the inbox's writer to begin it, or work no one waits for found the writer's queue full; the
 * writer moves, too slowly for the load, and the work was given up before it ran. The database
 * answers, so the inbox stays on ({@link BridgeDatabase#failed} ignores it): the request goes on
 * without it this once (a push is forwarded unrecorded, in time).
 */
public class WriterBusyException extends SQLTimeoutException {
  private static final long serialVersionUID = 1L;

  WriterBusyException(long waitMillis) {
    this(
        "the inbox's writer was busy: this work waited bridge.inbox.database-timeout ("
            + waitMillis
            + " ms) to begin and was not run");
  }

  private WriterBusyException(String message) {
    super(message, "HYT00");
  }

  /** Work no one waits for, not queued behind this many units ({@link GroupCommit#MOST_QUEUED}). */
  static WriterBusyException queueFull(int queued) {
    return new WriterBusyException(
        "the inbox's writer was busy: " + queued + " units of work were queued, this one was not");
  }
}
