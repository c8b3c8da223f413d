package io.wxbridge.outbound.control;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool that adds a thread only when each of its threads has a task: the JDK's pool with a
 * core size makes a thread for every task until it has that many, so an account's forward pool held
 * all of bridge.udesk.max-concurrent-forwards threads (64) under any steady traffic, even when
 * Udesk answers at once. Here a task is queued when a thread is free for it, starts a new thread
 * while every thread is busy and the bound is not reached, and waits in the bounded queue once it
 * is; only when the queue is full too is it refused. Idle threads end after a minute.
 */
final class ThreadsOnDemand extends ThreadPoolExecutor {
  /** Tasks handed to the pool and not finished: queued or running. */
  private final AtomicInteger unfinished = new AtomicInteger();

  private final TaskQueue queue;

  ThreadsOnDemand(int maxThreads, int queueCapacity, ThreadFactory threads) {
    this(maxThreads, new TaskQueue(queueCapacity), threads);
  }

  private ThreadsOnDemand(int maxThreads, TaskQueue queue, ThreadFactory threads) {
    super(0, maxThreads, 60, TimeUnit.SECONDS, queue, threads, ThreadsOnDemand::queueOrRefuse);
    this.queue = queue;
    queue.pool = this;
  }

  @Override
  public void execute(Runnable task) {
    unfinished.incrementAndGet();
    try {
      super.execute(task);
    } catch (RuntimeException refused) {
      unfinished.decrementAndGet();
      throw refused;
    }
  }

  @Override
  protected void afterExecute(Runnable task, Throwable failure) {
    unfinished.decrementAndGet();
  }

  /** Every thread has a task (this one counted), and another thread may be added. */
  private boolean shouldAddThread() {
    int threads = getPoolSize();
    return unfinished.get() > threads && threads < getMaximumPoolSize();
  }

  /**
   * The JDK's pool refuses a task the queue declined when another caller took the last thread
   * meanwhile: it waits in the queue then, if there is room.
   */
  private static void queueOrRefuse(Runnable task, ThreadPoolExecutor pool) {
    ThreadsOnDemand onDemand = (ThreadsOnDemand) pool;
    if (pool.isShutdown() || !onDemand.queue.enqueue(task)) {
      throw new RejectedExecutionException(
          "all " + pool.getMaximumPoolSize() + " threads busy and the queue full");
    }
  }

  /**
   * Declines a task while the pool should rather add a thread for it (the JDK's pool then does).
   */
  private static final class TaskQueue extends LinkedBlockingQueue<Runnable> {
    private static final long serialVersionUID = 1L;

    private transient ThreadsOnDemand pool;

    TaskQueue(int capacity) {
      super(capacity);
    }

    @Override
    public boolean offer(Runnable task) {
      return !pool.shouldAddThread() && super.offer(task);
    }

    boolean enqueue(Runnable task) {
      return super.offer(task);
    }
  }
}
