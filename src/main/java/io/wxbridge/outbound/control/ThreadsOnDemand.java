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
 * is; only when the queue is full too is it refused. So a pool keeps about as many threads as were
 * busy at once since it last had a minute without work (idle threads then end).
 *
 * <p>Pools may share a {@link ThreadBudget}: a pool then always may have one thread, and adds more
 * only while the budget has places left, queueing the task for its threads otherwise.
 */
final class ThreadsOnDemand extends ThreadPoolExecutor {
  /** Tasks handed to the pool and not finished: queued or running. */
  private final AtomicInteger unfinished = new AtomicInteger();

  private final TaskQueue queue;

  /** Shared with other pools, or null. */
  private final ThreadBudget budget;

  ThreadsOnDemand(int maxThreads, int queueCapacity, ThreadFactory threads) {
    this(maxThreads, queueCapacity, threads, null);
  }

  ThreadsOnDemand(int maxThreads, int queueCapacity, ThreadFactory threads, ThreadBudget budget) {
    this(maxThreads, new TaskQueue(queueCapacity), threads, budget);
  }

  private ThreadsOnDemand(
      int maxThreads, TaskQueue queue, ThreadFactory threads, ThreadBudget budget) {
    // one core thread, ending when idle like the others: the handler below can start it
    super(1, maxThreads, 60, TimeUnit.SECONDS, queue, threads, ThreadsOnDemand::queueOrRefuse);
    allowCoreThreadTimeOut(true);
    this.queue = queue;
    this.budget = budget;
    queue.pool = this;
    if (budget != null) {
      setThreadFactory(budget.forPool(threads, this::startIfWorkWaits));
    }
  }

  /**
   * A thread of this pool ended and gave its place back: a task queued as the pool's last thread
   * ended (the JDK's pool then tried to replace it, and found that thread's place still held and
   * the budget's all taken) must not wait for a thread nothing makes.
   */
  private void startIfWorkWaits() {
    if (!queue.isEmpty() && !isShutdown()) {
      prestartCoreThread(); // only when the pool has no thread
    }
  }

  @Override
  public void execute(Runnable task) {
    unfinished.incrementAndGet();
    try {
      super.execute(task);
    } catch (RuntimeException | Error refused) {
      unfinished.decrementAndGet();
      throw refused;
    }
  }

  @Override
  protected void afterExecute(Runnable task, Throwable failure) {
    unfinished.decrementAndGet();
  }

  /** Tasks queued or running. */
  int unfinished() {
    return unfinished.get();
  }

  /**
   * Every thread has a task (this one counted), and another thread may be added (its first, or the
   * budget, when shared, has a place left).
   */
  private boolean shouldAddThread() {
    int threads = getPoolSize();
    return unfinished.get() > threads
        && threads < getMaximumPoolSize()
        && (budget == null || threads == 0 || !budget.exhausted());
  }

  /**
   * The JDK's pool refuses a task the queue declined when another caller took the last thread
   * meanwhile: it waits in the queue then, if there is room, checked again as the JDK's pool checks
   * a task it queued (stopped meanwhile: refused; no thread left: one is started).
   */
  static void queueOrRefuse(Runnable task, ThreadPoolExecutor pool) {
    if (pool.isShutdown()) {
      throw new RejectedExecutionException("the pool is stopping");
    }
    if (!((ThreadsOnDemand) pool).queue.enqueue(task)) {
      throw new RejectedExecutionException(
          "all " + pool.getMaximumPoolSize() + " threads busy and the queue full");
    }
    if (pool.isShutdown() && pool.remove(task)) {
      throw new RejectedExecutionException("the pool is stopping");
    }
    try {
      pool.prestartCoreThread(); // only when it has no thread
    } catch (RuntimeException | Error noThread) { // a stopped container's factory, memory
      if (pool.remove(task)) {
        throw noThread;
      } // else a thread took it
    }
  }

  /**
   * Declines a task while the pool should rather add a thread for it (the JDK's pool then does).
   */
  private static final class TaskQueue extends LinkedBlockingQueue<Runnable> {
    private static final long serialVersionUID = 1L;

    private transient volatile ThreadsOnDemand pool;

    TaskQueue(int capacity) {
      super(capacity);
    }

    @Override
    public boolean offer(Runnable task) {
      ThreadsOnDemand owner = pool;
      return (owner == null || !owner.shouldAddThread()) && super.offer(task);
    }

    boolean enqueue(Runnable task) {
      return super.offer(task);
    }

    /**
     * Once more at once after a wait that found nothing: a task queued for this thread as its wait
     * ended would otherwise wait for another, busy thread while this one ends. This narrows that
     * race, not closes it: a task queued after this second look, while the pool still counts the
     * ending thread, waits for a busy one (the JDK keeps one thread for queued tasks, not one
     * each).
     */
    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
      Runnable task = super.poll(timeout, unit);
      return task != null ? task : super.poll();
    }
  }
}
