package io.wxbridge.database.control;

import java.sql.SQLTimeoutException;

/**
 * A unit of work waited bridge.inbox.database-timeout for the inbox's writer to begin it; the
 * writer moves, too slowly for the load, and was given up before it ran. The database answers, so
 * the inbox stays on ({@link BridgeDatabase#failed} ignores it): the caller goes on without it this
 * once (a push is forwarded unrecorded, a pass is tried again).
 */
public class WriterBusyException extends SQLTimeoutException {
  private static final long serialVersionUID = 1L;

  WriterBusyException(long waitMillis) {
    super(
        "the inbox's writer was busy: this work waited bridge.inbox.database-timeout ("
            + waitMillis
            + " ms) to begin and was not run",
        "HYT00");
  }
}
