package io.wxbridge.outbound.control;

import io.wxbridge.outbound.entity.PoolName;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Bounded thread pools for work that waits on an upstream, so that a hanging upstream costs at most
 * the configured number of threads and a full queue is refused at once ({@link
 * java.util.concurrent.RejectedExecutionException}) instead of piling up. Threads come from the
 * container's default {@link ManagedThreadFactory}, so they carry the application's context on
 * every server; the pools are sized by configuration keys of the features that use them. Each
 * pool's threads are named after it ({@link PoolName}), and its size, busy threads and queue are
 * metrics (metrics.control.PoolGauges).
 */
@ApplicationScoped
public class OutboundPools {
  @Resource ManagedThreadFactory threads;

  /** A pool made here, with its name: what its metrics read. */
  public record Pool(PoolName name, ThreadPoolExecutor executor) {}

  private final List<Pool> created = new CopyOnWriteArrayList<>();

  /**
   * A pool of at most {@code maxThreads} threads, made as tasks need them (idle ones end after a
   * minute), and {@code queue} waiting tasks ({@link ThreadsOnDemand}).
   */
  public ExecutorService bounded(PoolName name, int maxThreads, int queue) {
    return bounded(name, maxThreads, queue, null);
  }

  /** The same, making threads only while {@code shared} has one left (null: no shared bound). */
  public ExecutorService bounded(PoolName name, int maxThreads, int queue, ThreadBudget shared) {
    ThreadPoolExecutor pool = new ThreadsOnDemand(maxThreads, queue, named(name), shared);
    created.add(new Pool(name, pool));
    return pool;
  }

  /**
   * A timer of one thread for deadlines that are usually met: a cancelled task leaves its queue at
   * once (not when it would have been due), so a deadline per request costs nothing once its answer
   * came. Its tasks must only hand work on, never do it: one slow task delays every later deadline.
   */
  public ScheduledExecutorService timer(PoolName name) {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, named(name));
    timer.setRemoveOnCancelPolicy(true);
    // its bound in the metrics: it never uses more than its core thread
    timer.setMaximumPoolSize(1);
    created.add(new Pool(name, timer));
    return timer;
  }

  /** Every pool made so far, in the order they were made. */
  public List<Pool> created() {
    return List.copyOf(created);
  }

  private ThreadFactory named(PoolName name) {
    // the container's threads; plain ones for instances built without CDI, in unit tests
    return name.naming(threads != null ? threads : Thread::new);
  }

  @PreDestroy
  void shutdown() {
    created.forEach(pool -> pool.executor().shutdown());
  }
}
