package io.wxbridge.inbox.control;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Work that runs again at every interval and fails the same way each time (a redelivery pass on a
 * broken statement, say) is logged SEVERE once, then at FINE until a run works, which is logged
 * once too: one line per change of state, not one per interval. A failure of another kind (class or
 * message) meanwhile is logged again, at WARNING.
 */
final class RepeatedFailureLog {
  private final Logger log;
  private final String work;
  private final AtomicBoolean failing = new AtomicBoolean();
  private volatile String lastKind = "";

  /**
   * @param work what runs, as the log names it, e.g. "Inbox: redelivery pass"
   */
  RepeatedFailureLog(Logger log, String work) {
    this.log = log;
    this.work = work;
  }

  void failed(Exception failure) {
    String kind = failure.getClass().getName() + ": " + failure.getMessage();
    String before = lastKind;
    lastKind = kind;
    if (failing.getAndSet(true)) {
      if (kind.equals(before)) {
        log.log(Level.FINE, failure, () -> work + " failed again");
      } else {
        log.log(Level.WARNING, work + " failed again, otherwise", failure);
      }
    } else {
      log.log(Level.SEVERE, work + " failed; it runs again (logged again once it works)", failure);
    }
  }

  void worked() {
    if (failing.getAndSet(false)) {
      log.info(() -> work + " works again");
    }
  }
}
