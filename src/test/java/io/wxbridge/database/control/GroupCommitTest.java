package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many units, few commits; each unit answered after its commit, a failing one alone. On the
 * embedded inbox's H2 here, on PostgreSQL in {@link GroupCommitPostgresTest}.
 */
class GroupCommitTest {
  final GroupCommit commits = new GroupCommit();
  DataSource db;

  /** Makes {@link #db} unreachable; also run after each test (set by {@link #newDatabase}). */
  Runnable dispose;

  /** A new, empty database; sets {@link #dispose}. */
  DataSource newDatabase() {
    JdbcConnectionPool pool =
        JdbcConnectionPool.create(
            "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    dispose = pool::dispose;
    return pool;
  }

  @BeforeEach
  void create() throws SQLException {
    db = newDatabase();
    try (Connection c = db.getConnection();
        Statement create = c.createStatement()) {
      create.execute("CREATE TABLE t (k INT PRIMARY KEY)");
    }
  }

  @AfterEach
  void close() {
    commits.stop();
    dispose.run();
  }

  @Test
  void unitsWaitingTogetherShareOneCommitAndEachIsVisibleWhenItReturns() throws Exception {
    CountDownLatch othersQueued = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(20);
    try {
      // the first unit holds the writer until 19 more are waiting: they must then go in one commit
      Future<Integer> first = holdTheWriter(callers, othersQueued);
      List<Future<Integer>> rest = new ArrayList<>();
      for (int k = 1; k < 20; k++) {
        int key = k;
        rest.add(callers.submit(() -> commits.run(db, c -> insert(c, key))));
      }
      awaitQueued(19); // behind the first, which holds the writer
      othersQueued.countDown();
      assertEquals(1, first.get(10, TimeUnit.SECONDS));
      for (Future<Integer> unit : rest) {
        assertEquals(1, unit.get(10, TimeUnit.SECONDS));
      }
      assertEquals(20, count(), "every unit committed before it returned");
      assertEquals(1, commits.batches(), "the 19 that came while the first ran joined its commit");
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aUnitRunBeforeCommitReturnsWhileItsBatchIsStillOpen() throws Exception {
    CountDownLatch queued = new CountDownLatch(1);
    CountDownLatch earlyReturned = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(3);
    try {
      // the holder's unit runs and waits: the next two queue behind it
      Future<Integer> holder = holdTheWriter(callers, queued);
      Future<Integer> early =
          callers.submit(
              () -> {
                int inserted = commits.runBeforeCommit(db, c -> insert(c, 1));
                earlyReturned.countDown();
                return inserted;
              });
      awaitQueued(1);
      // same batch, after the early unit: it can only finish once the early caller has returned
      Future<Integer> after = callers.submit(() -> commits.run(db, c -> await(earlyReturned, 2)));
      awaitQueued(2);
      queued.countDown();
      assertEquals(1, early.get(10, TimeUnit.SECONDS));
      assertEquals(1, holder.get(10, TimeUnit.SECONDS));
      assertEquals(2, after.get(10, TimeUnit.SECONDS));
      assertEquals(List.of(0, 1), keys(), "and its work is committed with the batch");
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void workRunBeforeItsCommitSharesTheNextUnitsCommit() throws Exception {
    commits.latestCommitMillis = 60_000; // only the next unit can commit it
    assertEquals(1, (int) commits.runBeforeCommit(db, c -> insert(c, 1)));
    assertEquals(0, count(), "not committed yet: it waits for a unit to share a commit with");
    assertEquals(1, (int) commits.run(db, c -> insert(c, 2)));
    assertEquals(2, count());
    assertEquals(1, commits.batches(), "one commit for both");
  }

  @Test
  void workRunBeforeItsCommitIsCommittedSoonWhenNothingElseComes() throws Exception {
    commits.latestCommitMillis = 50;
    commits.runBeforeCommit(db, c -> insert(c, 1));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (count() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, count());
    assertEquals(1, commits.batches());
  }

  @Test
  void workRunBeforeItsCommitIsCommittedWhenTheWriterStops() throws Exception {
    commits.latestCommitMillis = 60_000;
    commits.runBeforeCommit(db, c -> insert(c, 1));
    commits.stop();
    assertEquals(1, count());
  }

  /**
   * Work run before its commit was answered: when that commit fails, it is run again, first in the
   * next transaction, while the caller whose unit waited for the failed commit gets the failure.
   */
  @Test
  void workRunBeforeItsCommitIsRunAgainAfterItsCommitFailed() throws Exception {
    commits.latestCommitMillis = 60_000; // only the next unit can commit it
    DataSource failingOnce = failingCommits(1);
    assertEquals(1, (int) commits.runBeforeCommit(failingOnce, c -> insert(c, 1)));
    assertThrows(SQLException.class, () -> commits.run(failingOnce, c -> insert(c, 2)));
    assertEquals(List.of(), keys(), "both rolled back");
    assertEquals(1, (int) commits.run(failingOnce, c -> insert(c, 3)));
    assertEquals(List.of(1, 3), keys(), "1 ran again with 3; 2's caller knows it failed");
  }

  /**
   * Run again in a transaction of its own: failing again (a lock timeout, say), it fails no new
   * caller's work, and it is tried once more a second later.
   */
  @Test
  void workRunAgainThatFailsAgainFailsNoNewCallersWork() throws Exception {
    commits.latestCommitMillis = 60_000; // only the next unit can commit it
    DataSource failingOnce = failingCommits(1);
    AtomicInteger runs = new AtomicInteger();
    commits.runBeforeCommit(
        failingOnce,
        c -> {
          if (runs.incrementAndGet() == 2) {
            throw new SQLException("lock timeout", "HYT00");
          }
          return insert(c, 1);
        });
    assertThrows(SQLException.class, () -> commits.run(failingOnce, c -> insert(c, 2)));
    assertEquals(1, (int) commits.run(failingOnce, c -> insert(c, 3)));
    assertEquals(List.of(3), keys(), "3 committed although 1 failed again just before it");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (count() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(List.of(1, 3), keys(), "1 on its third run");
    assertEquals(3, runs.get());
  }

  @Test
  void workRunBeforeItsCommitIsRunAgainAloneWhenNoOtherWorkComes() throws Exception {
    commits.latestCommitMillis = 50;
    DataSource failingOnce = failingCommits(1);
    commits.runBeforeCommit(failingOnce, c -> insert(c, 1));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (count() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(
        List.of(1), keys(), "its own commit failed, and it ran again about a second later");
  }

  @Test
  void queuedWorkIsNotWaitedForAndSharesTheNextUnitsCommit() throws Exception {
    commits.latestCommitMillis = 60_000; // only the next unit can commit it
    CountDownLatch release = new CountDownLatch(1);
    CompletionStage<Integer> queued =
        commits.queueBeforeCommit(db, c -> await(release, insert(c, 1)));
    assertFalse(queued.toCompletableFuture().isDone(), "the caller went on at once");
    release.countDown();
    assertEquals(
        List.of(1),
        commits.run(db, GroupCommitTest::keysOn),
        "the next unit runs after it, on the same connection");
    assertEquals(1, (int) queued.toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertEquals(List.of(1), keys(), "committed with it");
    assertEquals(1, commits.batches(), "one commit for both");
  }

  @Test
  void workNoOneWaitsForIsNotQueuedBehindAFullQueue() throws Exception {
    commits.mostQueued = 2;
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletionStage<Integer> first =
        commits.queueBeforeCommit(
            db,
            c -> {
              running.countDown();
              return await(release, insert(c, 1));
            });
    await(running); // the writer holds it: what follows waits in the queue
    List<CompletionStage<Integer>> queued =
        List.of(
            commits.queueBeforeCommit(db, c -> insert(c, 2)),
            commits.queueBeforeCommit(db, c -> insert(c, 3)));
    ExecutionException full =
        assertThrows(
            ExecutionException.class,
            () -> commits.queueBeforeCommit(db, c -> insert(c, 4)).toCompletableFuture().get());
    assertTrue(full.getCause() instanceof WriterBusyException, full.toString());
    release.countDown();
    assertEquals(1, (int) first.toCompletableFuture().get(10, TimeUnit.SECONDS));
    for (CompletionStage<Integer> stage : queued) {
      assertEquals(1, (int) stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
    assertEquals(
        1, (int) commits.run(db, c -> insert(c, 5)), "a unit someone waits for still runs");
    assertEquals(List.of(1, 2, 3, 5), keys());
  }

  @Test
  void queuedWorkThatFailsOrComesAfterTheStopFailsItsStage() throws Exception {
    commits.run(db, c -> insert(c, 1));
    ExecutionException duplicate =
        assertThrows(
            ExecutionException.class,
            () ->
                commits
                    .queueBeforeCommit(db, c -> insert(c, 1))
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS));
    assertEquals(
        BridgeDatabase.UNIQUE_VIOLATION, ((SQLException) duplicate.getCause()).getSQLState());
    commits.stop();
    assertTrue(commits.stopping());
    ExecutionException stopped =
        assertThrows(
            ExecutionException.class,
            () -> commits.queueBeforeCommit(db, c -> insert(c, 2)).toCompletableFuture().get());
    assertTrue(stopped.getCause() instanceof SQLException, stopped.toString());
    assertEquals(List.of(1), keys());
  }

  @Test
  void aFailingUnitIsUndoneAloneAndItsCallerGetsTheException() throws Exception {
    commits.run(db, c -> insert(c, 1));
    SQLException duplicate =
        assertThrows(SQLException.class, () -> commits.run(db, c -> insert(c, 1)));
    assertEquals(BridgeDatabase.UNIQUE_VIOLATION, duplicate.getSQLState());
    int second = commits.run(db, c -> insert(c, 2));
    assertEquals(1, second);
    assertEquals(2, count());
  }

  @Test
  void aTransactionsFirstUnitThatFailsIsUndoneWithoutASavepointAndLaterOnesBehindOne()
      throws Exception {
    commits.latestCommitMillis = 60_000;
    SQLException first =
        assertThrows(
            SQLException.class,
            () ->
                commits.run(
                    db,
                    c -> {
                      insert(c, 5);
                      return insert(c, 5);
                    }));
    assertEquals(BridgeDatabase.UNIQUE_VIOLATION, first.getSQLState());
    AtomicInteger earlyRuns = new AtomicInteger();
    // answered before its commit: the next unit's failure must not undo it, nor run it again
    commits.runBeforeCommit(
        db,
        c -> {
          earlyRuns.incrementAndGet();
          return insert(c, 1);
        });
    assertThrows(
        SQLException.class,
        () ->
            commits.run(
                db,
                c -> {
                  insert(c, 6);
                  return insert(c, 1);
                }));
    assertEquals(1, (int) commits.run(db, c -> insert(c, 2)));
    assertEquals(
        List.of(1, 2), keys(), "each failed unit undone alone; the work before it is kept");
    assertEquals(1, earlyRuns.get(), "the answered unit ran once");
  }

  /** A unit that fails in the middle of a batch is undone alone; the others share one commit. */
  @Test
  void aUnitThatFailsInTheMiddleOfABatchIsUndoneAloneAndTheOthersAreCommitted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      Future<Integer> holder = holdTheWriter(callers, release);
      // queued in this order behind the holder, so all four run in one transaction
      Future<Integer> before = callers.submit(() -> commits.run(db, c -> insert(c, 1)));
      awaitQueued(1);
      Future<Integer> failing =
          callers.submit(
              () ->
                  commits.run(
                      db,
                      c -> {
                        insert(c, 9);
                        return insert(c, 1);
                      }));
      awaitQueued(2);
      Future<Integer> after = callers.submit(() -> commits.run(db, c -> insert(c, 4)));
      awaitQueued(3);
      release.countDown();
      assertEquals(1, holder.get(10, TimeUnit.SECONDS));
      assertEquals(1, before.get(10, TimeUnit.SECONDS));
      assertEquals(1, after.get(10, TimeUnit.SECONDS));
      ExecutionException failed =
          assertThrows(ExecutionException.class, () -> failing.get(10, TimeUnit.SECONDS));
      assertEquals(
          BridgeDatabase.UNIQUE_VIOLATION, ((SQLException) failed.getCause()).getSQLState());
      assertEquals(List.of(0, 1, 4), keys(), "9 undone with its unit, nothing else");
      assertEquals(1, commits.batches());
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aDatabaseThatCannotBeReachedFailsEveryWaitingUnit() {
    dispose.run();
    assertThrows(SQLException.class, () -> commits.run(db, c -> insert(c, 1)));
    assertThrows(SQLException.class, () -> commits.run(db, c -> insert(c, 2)));
  }

  /**
   * A database that stops answering must not hold a push past WeChat's deadline: the caller behind
   * it gives up after bridge.inbox.database-timeout, and its unit is not run later, when the caller
   * has long gone on without the database.
   */
  @Test
  void aCallerWaitsAtMostTheDatabaseTimeoutAndWhatItGaveUpIsNeverRun() throws Exception {
    commits.waitMillis = 300;
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService callers = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> stuck = callers.submit(() -> commits.run(db, c -> await(release, 1)));
      Thread.sleep(100); // the writer is inside the stuck unit
      long started = System.nanoTime();
      SQLException gaveUp =
          assertThrows(SQLException.class, () -> commits.run(db, c -> insert(c, 2)));
      long waitedMillis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(
          waitedMillis >= 250 && waitedMillis < 5_000,
          "waited about the database timeout: " + waitedMillis + " ms");
      assertTrue(
          gaveUp.getMessage().contains("bridge.inbox.database-timeout"), gaveUp.getMessage());
      release.countDown();
      assertThrows(Exception.class, () -> stuck.get(), "the stuck caller gave up too");
      commits.waitMillis = 5_000;
      int inserted = commits.run(db, c -> insert(c, 3));
      assertEquals(1, inserted, "the writer goes on");
      assertEquals(1, count(), "only the unit run after the stall is in: 2 was given up");
    } finally {
      callers.shutdownNow();
    }
  }

  /**
   * A database that answers, but too slowly for the load: the queue every account shares must not
   * hold a request (a push's record) past WeChat's deadline either. Each unit takes 100 ms, so the
   * writer always moves (progress well within the timeout), but the later units would wait 1.6 s.
   */
  @Test
  void aCallerWaitsAtMostTheDatabaseTimeoutForAWriterThatMovesTooSlowlyToBeginItsWork()
      throws Exception {
    commits.waitMillis = 400;
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try {
      AtomicInteger busy = new AtomicInteger();
      List<Future<Long>> waits = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int row = i;
        waits.add(
            callers.submit(
                () -> {
                  long started = System.nanoTime();
                  try {
                    commits.runForRequest(
                        db,
                        c -> {
                          sleep(100);
                          return insert(c, row);
                        });
                  } catch (SQLTimeoutException gaveUp) {
                    if (gaveUp instanceof WriterBusyException) {
                      busy.incrementAndGet(); // the writer moved: not a stuck database
                    }
                  }
                  return (System.nanoTime() - started) / 1_000_000;
                }));
      }
      for (Future<Long> wait : waits) {
        long waitedMillis = wait.get(10, TimeUnit.SECONDS);
        assertTrue(waitedMillis < 1_200, "waited " + waitedMillis + " ms, not 16 × 100 ms");
      }
      assertTrue(busy.get() >= 1, "the units that had not begun were given up");
      commits.waitMillis = 5_000;
      int inserted = commits.run(db, c -> insert(c, 99));
      assertEquals(1, inserted, "the writer goes on");
    } finally {
      callers.shutdownNow();
    }
  }

  /**
   * A request whose unit began waits for its batch's commit: behind a slow database, a batch the
   * writer took from a backlog held 20 units of 100 ms, and the first waited 1.9 s after it ran. A
   * batch is committed once it ran half the timeout (1 s here), the rest carried over to the next.
   */
  @Test
  void aBatchTakenFromABacklogIsCommittedOnceItRanHalfTheTimeout() throws Exception {
    ThreadPoolExecutor callers = (ThreadPoolExecutor) Executors.newFixedThreadPool(21);
    callers.prestartAllCoreThreads(); // queued at once: the held writer is not taken for stuck
    try {
      CountDownLatch release = new CountDownLatch(1);
      // the writer moves every 100 ms once released: no caller gives up
      Future<Integer> holder = holdTheWriter(callers, release, 2_000);
      long before = commits.batches();
      List<Future<Long>> waits = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        int row = i;
        waits.add(
            callers.submit(
                () -> {
                  long[] ran = new long[1];
                  commits.run(
                      db,
                      c -> {
                        sleep(100);
                        ran[0] = System.nanoTime();
                        return insert(c, row);
                      });
                  return (System.nanoTime() - ran[0]) / 1_000_000;
                }));
      }
      awaitQueued(20);
      release.countDown();
      assertEquals(1, holder.get(10, TimeUnit.SECONDS));
      long longest = 0;
      for (Future<Long> wait : waits) {
        longest = Math.max(longest, wait.get(10, TimeUnit.SECONDS));
      }
      assertTrue(longest < 1_500, "a unit waited " + longest + " ms after it ran, not 1.9 s");
      assertTrue(commits.batches() - before >= 2, "the backlog was committed in two batches");
      assertEquals(21, count(), "every unit committed, none lost when carried over");
    } finally {
      callers.shutdownNow();
    }
  }

  private static void sleep(long millis) throws SQLException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new SQLException(interrupted);
    }
  }

  /**
   * A unit that inserts 0 once {@code release} is counted down, returned once the writer runs it:
   * the units submitted after that wait behind it, and then share its transaction (had they come
   * earlier, some could have been taken with it).
   */
  private Future<Integer> holdTheWriter(ExecutorService callers, CountDownLatch release)
      throws SQLException {
    // the callers behind it must not give up while the test (on a loaded machine) queues them
    return holdTheWriter(callers, release, 60_000);
  }

  /** {@link #holdTheWriter}, with the database timeout {@code waitMillis}. */
  private Future<Integer> holdTheWriter(
      ExecutorService callers, CountDownLatch release, int waitMillis) throws SQLException {
    commits.waitMillis = waitMillis;
    CountDownLatch running = new CountDownLatch(1);
    Future<Integer> holder =
        callers.submit(
            () ->
                commits.run(
                    db,
                    c -> {
                      running.countDown();
                      await(release);
                      return insert(c, 0);
                    }));
    await(running);
    return holder;
  }

  /**
   * {@link #db}, whose first {@code failures} commits fail as a connection lost at its commit does:
   * nothing of the transaction is kept.
   */
  private DataSource failingCommits(int failures) {
    AtomicInteger left = new AtomicInteger(failures);
    InvocationHandler connections =
        (proxy, method, arguments) -> {
          if (!method.getName().equals("getConnection")) {
            return method.invoke(db, arguments);
          }
          Connection real = (Connection) method.invoke(db, arguments);
          return Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (c, call, parameters) -> {
                if (call.getName().equals("commit") && left.getAndDecrement() > 0) {
                  real.rollback();
                  throw new SQLException("connection lost at the commit", "08006");
                }
                try {
                  return call.invoke(real, parameters);
                } catch (InvocationTargetException failed) {
                  throw failed.getCause();
                }
              });
        };
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, connections);
  }

  private List<Integer> keys() throws SQLException {
    List<Integer> keys = new ArrayList<>();
    try (Connection c = db.getConnection();
        Statement select = c.createStatement();
        ResultSet row = select.executeQuery("SELECT k FROM t ORDER BY k")) {
      while (row.next()) {
        keys.add(row.getInt(1));
      }
    }
    return keys;
  }

  private static List<Integer> keysOn(Connection c) throws SQLException {
    List<Integer> keys = new ArrayList<>();
    try (Statement select = c.createStatement();
        ResultSet row = select.executeQuery("SELECT k FROM t ORDER BY k")) {
      while (row.next()) {
        keys.add(row.getInt(1));
      }
    }
    return keys;
  }

  static int insert(Connection c, int key) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (k) VALUES (?)")) {
      insert.setInt(1, key);
      return insert.executeUpdate();
    }
  }

  private int count() throws SQLException {
    try (Connection c = db.getConnection();
        Statement select = c.createStatement();
        ResultSet row = select.executeQuery("SELECT COUNT(*) FROM t")) {
      row.next();
      return row.getInt(1);
    }
  }

  /** Until this many units wait for the writer (callers on a loaded machine start late). */
  private void awaitQueued(int units) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (commits.queued() < units) {
      assertTrue(System.nanoTime() < deadline, "only " + commits.queued() + " queued");
      Thread.sleep(5);
    }
  }

  private static int await(CountDownLatch latch, int result) throws SQLException {
    await(latch);
    return result;
  }

  private static void await(CountDownLatch latch) throws SQLException {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS), "released");
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new SQLException(interrupted);
    }
  }
}
