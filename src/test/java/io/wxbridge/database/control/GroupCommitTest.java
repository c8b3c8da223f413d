package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
  private final GroupCommit commits = new GroupCommit();
  private DataSource db;

  /** Makes {@link #db} unreachable; also run after each test. */
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
    CountDownLatch firstRuns = new CountDownLatch(1);
    CountDownLatch othersQueued = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(20);
    try {
      // the first unit holds the writer until 19 more are waiting: they must then go in one commit
      Future<Integer> first =
          callers.submit(
              () ->
                  commits.run(
                      db,
                      c -> {
                        firstRuns.countDown();
                        await(othersQueued);
                        return insert(c, 0);
                      }));
      // the others come once the writer runs the first, or some could be taken with it
      await(firstRuns);
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
      CountDownLatch holding = new CountDownLatch(1);
      Future<Integer> holder =
          callers.submit(
              () ->
                  commits.run(
                      db,
                      c -> {
                        holding.countDown();
                        return await(queued, 0);
                      }));
      await(holding); // the holder's unit runs and waits: the next two queue behind it
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
      assertEquals(0, holder.get(10, TimeUnit.SECONDS));
      assertEquals(2, after.get(10, TimeUnit.SECONDS));
      assertEquals(1, count(), "and its work is committed with the batch");
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
  void aFailingUnitIsUndoneAloneWhetherItRanFirstInItsTransactionOrAfterOthers() throws Exception {
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
    commits.runBeforeCommit(
        db, c -> insert(c, 1)); // answered: the next unit runs behind a savepoint
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
  }

  /**
   * Savepoints cost a statement per unit (a round trip on PostgreSQL): none while nothing fails.
   * When a unit fails, the transaction is rolled back and the units that ran in it run again
   * (behind savepoints), a unit that fails when run again is undone alone, and later units of the
   * transaction run behind savepoints too.
   */
  @Test
  void unitsRunWithoutSavepointsUntilOneFailsAndWhatRanBeforeItRunsAgain() throws Exception {
    SavepointCounter counted = new SavepointCounter(db);
    DataSource counting = counted.dataSource();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger secondRuns = new AtomicInteger();
    ExecutorService callers = Executors.newFixedThreadPool(5);
    try {
      Future<Integer> holder =
          callers.submit(
              () ->
                  commits.run(
                      counting,
                      c -> {
                        holding.countDown();
                        await(release);
                        return insert(c, 0);
                      }));
      await(holding);
      // queued in this order behind the holder, so all five run in one transaction
      Future<Integer> second =
          callers.submit(
              () ->
                  commits.run(
                      counting,
                      c -> {
                        if (secondRuns.incrementAndGet() > 1) {
                          throw new SQLException("fails when run again", "40001");
                        }
                        return insert(c, 1);
                      }));
      awaitQueued(1);
      Future<Integer> third = callers.submit(() -> commits.run(counting, c -> insert(c, 2)));
      awaitQueued(2);
      Future<Integer> failing =
          callers.submit(
              () ->
                  commits.run(
                      counting,
                      c -> {
                        insert(c, 9);
                        return insert(c, 2);
                      }));
      awaitQueued(3);
      Future<Integer> last = callers.submit(() -> commits.run(counting, c -> insert(c, 4)));
      awaitQueued(4);
      release.countDown();
      assertEquals(1, holder.get(10, TimeUnit.SECONDS));
      assertEquals(1, third.get(10, TimeUnit.SECONDS));
      assertEquals(1, last.get(10, TimeUnit.SECONDS));
      ExecutionException failed =
          assertThrows(ExecutionException.class, () -> failing.get(10, TimeUnit.SECONDS));
      assertEquals(
          BridgeDatabase.UNIQUE_VIOLATION, ((SQLException) failed.getCause()).getSQLState());
      ExecutionException failedAgain =
          assertThrows(ExecutionException.class, () -> second.get(10, TimeUnit.SECONDS));
      assertEquals("40001", ((SQLException) failedAgain.getCause()).getSQLState());
      assertEquals(
          List.of(0, 2, 4), keys(), "9 undone with its unit, 1 undone when it failed again");
      assertEquals(1, commits.batches());
      assertEquals(
          3,
          counted.savepoints(),
          "none until the failure; then one each for the second and third run again (the "
              + "holder's is the transaction's first) and for the last");
    } finally {
      callers.shutdownNow();
    }
  }

  /**
   * Work whose caller was answered before its commit is never rolled back by a later unit's
   * failure, nor run again: a savepoint after it keeps it.
   */
  @Test
  void aFailureNeverUndoesWorkWhoseCallerWasAnsweredBeforeItsCommit() throws Exception {
    commits.latestCommitMillis = 60_000; // the early unit's transaction stays open
    SavepointCounter counted = new SavepointCounter(db);
    DataSource counting = counted.dataSource();
    AtomicInteger earlyRuns = new AtomicInteger();
    commits.runBeforeCommit(
        counting,
        c -> {
          earlyRuns.incrementAndGet();
          return insert(c, 1);
        });
    assertThrows(
        SQLException.class,
        () ->
            commits.run(
                counting,
                c -> {
                  insert(c, 7);
                  return insert(c, 1);
                }));
    assertEquals(1, earlyRuns.get(), "the answered unit ran once");
    assertEquals(1, counted.savepoints(), "one, after the answered unit");
    assertEquals(1, (int) commits.run(counting, c -> insert(c, 2)));
    assertEquals(List.of(1, 2), keys());
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

  /** Counts the savepoints set on the connections of a data source. */
  private static final class SavepointCounter {
    private final DataSource target;
    private final AtomicInteger savepoints = new AtomicInteger();

    SavepointCounter(DataSource target) {
      this.target = target;
    }

    int savepoints() {
      return savepoints.get();
    }

    DataSource dataSource() {
      return proxy(
          DataSource.class,
          (self, method, args) -> {
            Object result = invoke(target, method, args);
            return method.getName().equals("getConnection")
                ? proxy(Connection.class, (c, m, a) -> counted((Connection) result, m, a))
                : result;
          });
    }

    private Object counted(Connection connection, Method method, Object[] args) throws Throwable {
      if (method.getName().equals("setSavepoint")) {
        savepoints.incrementAndGet();
      }
      return invoke(connection, method, args);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException failed) {
        throw failed.getCause();
      }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
      return type.cast(
          Proxy.newProxyInstance(
              GroupCommitTest.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
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

  private static int insert(Connection c, int key) throws SQLException {
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
