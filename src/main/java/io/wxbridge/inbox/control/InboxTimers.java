package io.wxbridge.inbox.control;

import io.wxbridge.outbound.entity.PoolName;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The inbox's timed work: the redelivery passes, the embedded file's compaction steps, and a WeChat
 * retry's polls for the answer its first attempt (on another instance) records. On a scheduler of
 * the bridge's own, with threads from the container's {@link ManagedThreadFactory}, not on the
 * container's ManagedScheduledExecutorService: WildFly refuses that executor's tasks from the
 * moment a stop suspends the server (WFLYEE0111, an ERROR with a stack trace for every refused
 * pass), and a refused poll is dropped, so the retry waiting for it would hold the stop for all of
 * bridge.shutdown.grace without an answer. The inbox ends its own timers when the stop reaches it
 * (InboxShutdown), after the pushes in flight.
 */
@ApplicationScoped
public class InboxTimers {
  private static final Logger LOG = Logger.getLogger(InboxTimers.class.getName());

  @Resource ManagedThreadFactory threads;

  private ScheduledThreadPoolExecutor scheduler;

  @PostConstruct
  void start() {
    // a pass and a compaction step (a few ms) may run together; a retry's short lookups wait at
    // most for the step
    scheduler = new ScheduledThreadPoolExecutor(2, PoolName.of("inbox-timer").naming(threads));
    scheduler.setRemoveOnCancelPolicy(true);
  }

  /**
   * Runs {@code task} every {@code interval}, the next run an interval after the last ends, also
   * after a run that threw: the executor would never run it again, and redelivery or the file's
   * compaction would stop unnoticed. A failure is logged once, and again after a run that worked.
   */
  public ScheduledFuture<?> every(Duration interval, Runnable task) {
    long millis = interval.toMillis();
    RepeatedFailureLog failures = new RepeatedFailureLog(LOG, "Inbox: periodic work");
    Runnable kept =
        () -> {
          try {
            task.run();
            failures.worked();
          } catch (RuntimeException unexpected) {
            failures.failed(unexpected);
          }
        };
    return scheduler.scheduleWithFixedDelay(kept, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code task} once, after {@code delay}.
   *
   * @throws java.util.concurrent.RejectedExecutionException once the bridge has stopped
   */
  public void after(Duration delay, Runnable task) {
    scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Periodic work ends; a task already due once still runs (a retry then gets its answer). */
  @PreDestroy
  void stop() {
    scheduler.shutdown();
  }
}
