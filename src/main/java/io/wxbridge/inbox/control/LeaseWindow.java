package io.wxbridge.inbox.control;

import io.wxbridge.database.control.DatabaseClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Inbox work for one attempt that is only right while the attempt's lease certainly runs (its
 * outcome to record, a push recorded after all to look up), tried again every {@value
 * #RETRY_MILLIS} ms while the database cannot take it. Past the window the lease may end on another
 * instance, which then hands the push to Udesk again: the work would change nothing that is true.
 */
@ApplicationScoped
public class LeaseWindow {
  static final long RETRY_MILLIS = 1_000;

  @Inject DatabaseClock clock;
  @Inject InboxSettings settings;
  @Inject InboxTimers timers;
  @Inject InboxWork work;

  /**
   * When such work is given up: a lease from {@code from}, less the late-reply timeout (a late
   * reply's own window) and one retry. From the lease's start (a record that failed), the lease
   * certainly runs until then; from Udesk's answer (an outcome), the window is the record window of
   * OutcomeSettlement, and the outcome's guard (this instance's lease and attempt) keeps a late
   * record from changing a push another instance took over.
   */
  public long endFor(long from) {
    return from + settings.leaseMillis() - settings.lateReplyTimeoutMillis() - RETRY_MILLIS;
  }

  /** Whether work for a window ending at {@code end} is to be left now (also: the bridge stops). */
  public boolean over(long end) {
    return work.closed() || clock.millis() > end;
  }

  /**
   * Runs {@code attempt} on {@code pool} a retry's time from now, unless that is past {@code end}
   * or the bridge stops. Handed on by the timers' thread, which must not wait for the database.
   *
   * @param notRun run when the pool refuses it when due (the bridge stops, or the pool is full)
   * @return false when it will not run, and {@code notRun} was not run either
   */
  public boolean later(long end, ExecutorService pool, Runnable attempt, Runnable notRun) {
    if (over(end - RETRY_MILLIS)) {
      return false;
    }
    try {
      timers.after(Duration.ofMillis(RETRY_MILLIS), () -> handOn(pool, attempt, notRun));
      return true;
    } catch (RejectedExecutionException stopping) {
      return false;
    }
  }

  private static void handOn(ExecutorService pool, Runnable attempt, Runnable notRun) {
    try {
      pool.execute(attempt);
    } catch (RejectedExecutionException refused) {
      notRun.run();
    }
  }
}
