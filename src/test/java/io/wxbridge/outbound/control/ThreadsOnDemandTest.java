package io.wxbridge.outbound.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadsOnDemandTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<ExecutorService> pools = new ArrayList<>();

  @AfterEach
  void stop() {
    release.countDown();
    pools.forEach(ExecutorService::shutdownNow);
  }

  /** A Udesk that answers at once needs one thread, not the pool's bound (the JDK's pool: 20). */
  @Test
  void tasksOneAfterAnotherShareOneThread() throws Exception {
    ThreadsOnDemand pool = pool(64, 256);

    for (int i = 0; i < 20; i++) {
      pool.submit(() -> {}).get(5, TimeUnit.SECONDS);
      awaitIdle(pool);
    }

    assertEquals(1, pool.getLargestPoolSize());
  }

  /** A hanging Udesk: threads up to the bound, then the queue, then a refusal at once. */
  @Test
  void busyThreadsGrowToTheBoundThenTasksWaitThenTheyAreRefused() throws Exception {
    ThreadsOnDemand pool = pool(3, 2);
    CountDownLatch running = new CountDownLatch(3);
    AtomicInteger done = new AtomicInteger();
    Runnable hanging =
        () -> {
          running.countDown();
          await(release);
          done.incrementAndGet();
        };

    for (int i = 0; i < 5; i++) {
      pool.execute(hanging);
    }

    assertTrue(running.await(5, TimeUnit.SECONDS), "three threads, one a task");
    assertEquals(3, pool.getPoolSize());
    assertEquals(2, pool.getQueue().size());
    assertThrows(RejectedExecutionException.class, () -> pool.execute(hanging));
    release.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    assertEquals(5, done.get(), "every task taken ran");
  }

  /**
   * Callers racing for the last threads: a task the JDK's pool would refuse because another caller
   * took the last thread meanwhile waits in the queue instead, while there is room.
   */
  @Test
  void callersRacingForTheLastThreadsAreQueuedNotRefused() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(8);
    pools.add(callers);
    AtomicInteger refused = new AtomicInteger();
    for (int round = 0; round < 200 && refused.get() == 0; round++) {
      ThreadsOnDemand pool = pool(2, 100);
      CyclicBarrier start = new CyclicBarrier(8);
      List<Future<?>> calls = new ArrayList<>();
      for (int caller = 0; caller < 8; caller++) {
        calls.add(
            callers.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 2; i++) {
                    try {
                      pool.execute(() -> await(release));
                    } catch (RejectedExecutionException e) {
                      refused.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> call : calls) {
        call.get(10, TimeUnit.SECONDS);
      }
      assertEquals(2, pool.getLargestPoolSize());
      assertEquals(14, pool.getQueue().size());
      pool.shutdownNow();
    }

    assertEquals(0, refused.get());
  }

  /** A task that failed leaves the count too, or the pool would add threads it does not need. */
  @Test
  void aTaskThatThrowsLeavesTheCount() throws Exception {
    ThreadsOnDemand pool = pool(64, 256);
    for (int i = 0; i < 3; i++) {
      pool.execute(
          () -> {
            throw new IllegalStateException("a failing task");
          });
      pool.submit(() -> {}).get(5, TimeUnit.SECONDS);
    }

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (pool.unfinished() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(1); // the failing tasks' threads may still be starting
    }
    assertEquals(0, pool.unfinished());
  }

  /** The race's way in, when every thread ended meanwhile: the queued task gets a thread. */
  @Test
  void aTaskQueuedByTheHandlerWhenNoThreadIsLeftStillRuns() throws Exception {
    ThreadsOnDemand pool = pool(1, 10);
    CountDownLatch ran = new CountDownLatch(1);

    ThreadsOnDemand.queueOrRefuse(ran::countDown, pool);

    assertTrue(ran.await(5, TimeUnit.SECONDS));
  }

  @Test
  void aStoppedPoolRefusesAtOnce() {
    ThreadsOnDemand pool = pool(4, 10);
    pool.shutdown();

    RejectedExecutionException refused =
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> {}));
    assertThrows(
        RejectedExecutionException.class, () -> ThreadsOnDemand.queueOrRefuse(() -> {}, pool));
    assertEquals("the pool is stopping", refused.getMessage());
  }

  /**
   * Accounts whose Udesk hangs: their pools together make no more threads than the budget they
   * share; a pool with threads queues for them, one without is refused at once, and a place given
   * back serves the next pool that needs one.
   */
  @Test
  void poolsSharingABudgetMakeNoMoreThreadsThanItHas() throws Exception {
    ThreadBudget budget = new ThreadBudget(3);
    ThreadsOnDemand hanging = pool(4, 10, budget);
    ThreadsOnDemand other = pool(4, 10, budget);
    CountDownLatch running = new CountDownLatch(3);
    for (int i = 0; i < 4; i++) {
      hanging.execute(
          () -> {
            running.countDown();
            await(release);
          });
    }

    assertTrue(running.await(5, TimeUnit.SECONDS));
    assertEquals(3, hanging.getPoolSize(), "its bound is 4, the budget's 3");
    assertEquals(1, hanging.getQueue().size(), "queued for its own threads");
    assertEquals(3, budget.taken());
    RejectedExecutionException refused =
        assertThrows(RejectedExecutionException.class, () -> other.execute(() -> {}));
    assertTrue(refused.getMessage().contains("3 shared threads"), refused.getMessage());
    assertEquals(0, other.getQueue().size(), "nothing left waiting for a thread no one makes");

    release.countDown();
    hanging.shutdown();
    assertTrue(hanging.awaitTermination(5, TimeUnit.SECONDS));
    other.submit(() -> {}).get(5, TimeUnit.SECONDS);
  }

  /**
   * A task queued just as a pool's last thread ended, while that thread still held its place: the
   * place given back starts a thread for it.
   */
  @Test
  void aPlaceGivenBackStartsAThreadForWorkLeftWaiting() throws Exception {
    ThreadBudget budget = new ThreadBudget(1);
    ThreadsOnDemand holder = pool(1, 10, budget);
    ThreadsOnDemand waiting = pool(1, 10, budget);
    CountDownLatch holding = new CountDownLatch(1);
    holder.execute(
        () -> {
          holding.countDown();
          await(release);
        });
    assertTrue(holding.await(5, TimeUnit.SECONDS));
    CountDownLatch ran = new CountDownLatch(1);
    assertTrue(((ThreadsOnDemand.TaskQueue) waiting.getQueue()).enqueue(ran::countDown));

    release.countDown();
    holder.shutdown();

    assertTrue(ran.await(5, TimeUnit.SECONDS), "the waiting task got the place");
  }

  private ThreadsOnDemand pool(int maxThreads, int queue) {
    return pool(maxThreads, queue, null);
  }

  private ThreadsOnDemand pool(int maxThreads, int queue, ThreadBudget budget) {
    ThreadsOnDemand pool =
        new ThreadsOnDemand(
            maxThreads,
            queue,
            task -> {
              Thread thread = new Thread(task);
              thread.setUncaughtExceptionHandler((failed, expected) -> {}); // a test's own failure
              return thread;
            },
            budget);
    pools.add(pool);
    return pool;
  }

  /** Until the task that answered has also left the pool's count (afterExecute). */
  private static void awaitIdle(ThreadsOnDemand pool) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (pool.getActiveCount() > 0) {
      assertTrue(System.nanoTime() < deadline, "a task that returned still counts as running");
      Thread.sleep(1);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }
}
