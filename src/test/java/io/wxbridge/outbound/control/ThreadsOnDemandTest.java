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
   * Accounts whose Udesk hangs: beyond its first thread, each pool takes threads from the budget
   * they share, and once that is taken, tasks wait in their pool's queue for its threads.
   */
  @Test
  void poolsSharingABudgetMakeOneThreadEachPlusTheBudget() throws Exception {
    ThreadBudget budget = new ThreadBudget(2);
    ThreadsOnDemand hanging = pool(4, 10, budget);
    ThreadsOnDemand other = pool(4, 10, budget);
    CountDownLatch running = new CountDownLatch(4);
    Runnable hang =
        () -> {
          running.countDown();
          await(release);
        };
    for (int i = 0; i < 5; i++) {
      hanging.execute(hang);
    }
    other.execute(hang);
    other.execute(hang);

    assertTrue(running.await(5, TimeUnit.SECONDS), "three threads of one pool, one of the other");
    assertEquals(3, hanging.getPoolSize(), "its first and the budget's two; its bound is 4");
    assertEquals(2, hanging.getQueue().size());
    assertEquals(1, other.getPoolSize(), "its own first thread, though the budget is taken");
    assertEquals(1, other.getQueue().size());
    assertEquals(2, budget.taken());

    release.countDown();
    hanging.shutdown();
    other.shutdown();
    assertTrue(hanging.awaitTermination(5, TimeUnit.SECONDS));
    assertTrue(other.awaitTermination(5, TimeUnit.SECONDS));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (budget.taken() > 0) { // given back as each thread ends, just after the pool counts it
      assertTrue(System.nanoTime() < deadline, budget.taken() + " places never given back");
      Thread.sleep(1);
    }
  }

  /**
   * A pool's only thread ends (here its task failed) while a task waits in its queue: the JDK's
   * pool tries to replace the thread while its place is still held and the budget is taken; the
   * place, once given back, makes the thread the task waits for.
   */
  @Test
  void aPlaceGivenBackMakesTheThreadQueuedWorkWaitsFor() throws Exception {
    ThreadsOnDemand pool = pool(2, 10, new ThreadBudget(0));
    CountDownLatch failing = new CountDownLatch(1);
    pool.execute(
        () -> {
          failing.countDown();
          await(release);
          throw new IllegalStateException("the thread ends");
        });
    assertTrue(failing.await(5, TimeUnit.SECONDS));
    CountDownLatch ran = new CountDownLatch(1);
    pool.execute(ran::countDown);
    assertEquals(1, pool.getQueue().size(), "no place for a second thread");

    release.countDown();

    assertTrue(ran.await(5, TimeUnit.SECONDS), "the waiting task got a thread");
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
