package io.wxbridge.outbound.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounded thread pools for work that waits on an upstream, so that a hanging upstream costs at most
 * the configured number of threads and a full queue is refused at once ({@link
 * java.util.concurrent.RejectedExecutionException}) instead of piling up. Threads come from the
 * container's default {@link ManagedThreadFactory}, so they carry the application's context on
 * every server; the pools are sized by configuration keys of the features that use them.
 */
@ApplicationScoped
public class OutboundPools {
  @Resource ManagedThreadFactory threads;

  private final List<ExecutorService> created = new CopyOnWriteArrayList<>();

  /**
   * A pool of at most {@code maxThreads} threads (idle ones end after a minute) and {@code queue}
   * waiting tasks.
   */
  public ExecutorService bounded(int maxThreads, int queue) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            maxThreads,
            maxThreads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(queue),
            threads,
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    created.add(pool);
    return pool;
  }

  /**
   * A timer of one thread for deadlines that are usually met: a cancelled task leaves its queue at
   * once (not when it would have been due), so a deadline per request costs nothing once its answer
   * came. Its tasks must only hand work on, never do it: one slow task delays every later deadline.
   */
  public ScheduledExecutorService timer() {
    // (the container's threads; plain ones for instances built without CDI, in unit tests)
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, threads != null ? threads : (ThreadFactory) Thread::new);
    timer.setRemoveOnCancelPolicy(true);
    created.add(timer);
    return timer;
  }

  @PreDestroy
  void shutdown() {
    created.forEach(ExecutorService::shutdown);
  }
}
