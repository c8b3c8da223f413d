package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.testing.ReadyDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Signed video-recall requests remembered in the bridge's database, and in memory without it. */
class AcceptedRequestsTest {
  static final long NOW = 1_800_000_000L;
  static final long WINDOW = 300;

  private final JdbcConnectionPool db =
      JdbcConnectionPool.create(
          "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  private final List<GroupCommit> writers = new ArrayList<>();

  @AfterEach
  void close() {
    writers.forEach(GroupCommit::stop);
    db.dispose();
  }

  @Test
  void aRequestIsAcceptedOnceByAnyInstanceOnTheDatabase() {
    migrate(db);
    AcceptedRequests instanceA = instance(db, new ArrayList<>());
    AcceptedRequests instanceB = instance(db, new ArrayList<>());

    assertTrue(instanceA.accept(NOW, "n-1", NOW, WINDOW));
    assertFalse(instanceB.accept(NOW, "n-1", NOW, WINDOW), "another instance refuses it");
    assertFalse(instanceA.accept(NOW, "n-1", NOW + 1, WINDOW), "so does the first one");
    assertTrue(
        instanceB.accept(NOW + 1, "n-1", NOW + 1, WINDOW),
        "the same nonce in another second is another request (the token covers both)");
  }

  @Test
  void requestsTooOldToComeBackAreDeletedAtMostOnceAMinute() throws SQLException {
    migrate(db);
    AcceptedRequests requests = instance(db, new ArrayList<>());
    long window = 10;
    assertTrue(requests.accept(NOW, "a", NOW, window));
    assertTrue(requests.accept(NOW + 30, "b", NOW + 30, window));
    assertEquals(
        2, stored(requests), "\"a\" is old enough at NOW + 30, but the last prune was at NOW");
    long lastStillWithinReach = NOW + 60 - 2 * window;
    assertTrue(requests.accept(lastStillWithinReach, "c", NOW + 41, window));

    assertTrue(requests.accept(NOW + 60, "d", NOW + 60, window));

    assertEquals(
        2,
        stored(requests),
        "a minute later, the requests signed more than twice the window ago are gone, "
            + "\"c\" (signed exactly twice the window ago) and \"d\" are kept");
    AcceptedRequests another = instance(db, new ArrayList<>());
    assertFalse(
        another.accept(lastStillWithinReach, "c", NOW + 60, window),
        "\"c\" is still refused by an instance that never saw it");
  }

  /**
   * The request that is due to prune does not wait for the prune, however slow the database: it
   * waited (until the writer counted as stuck, 2 s, which also turned the inbox off).
   */
  @Test
  void aRequestIsAnsweredWithoutWaitingForThePruneItStarts() throws Exception {
    migrate(db);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean holding = new AtomicBoolean();
    List<SQLException> reported = failures();
    AcceptedRequests requests = instance(holdingDeletes(db, holding, release), reported);
    long window = 10;
    assertTrue(requests.accept(NOW, "a", NOW, window), "its prune deletes nothing");
    assertEquals(1, stored(requests), "its prune ran before this count");
    holding.set(true);
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      long started = System.nanoTime();
      Future<Boolean> pruning =
          caller.submit(() -> requests.accept(NOW + 60, "b", NOW + 60, window));
      assertTrue(pruning.get(10, TimeUnit.SECONDS));
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(tookMillis < 1_000, "answered while its prune is held: " + tookMillis + " ms");
      release.countDown();
      assertEquals(1, stored(requests), "the prune ran after it: \"a\" is gone");
      assertFalse(
          instance(db, new ArrayList<>()).accept(NOW + 60, "b", NOW + 60, window),
          "\"b\" is the request kept: another instance refuses it");
      assertEquals(List.of(), reported, "nothing failed");
    } finally {
      release.countDown();
      caller.shutdownNow();
    }
  }

  @Test
  void withoutTheDatabaseEachInstanceRemembersInMemory() {
    AcceptedRequests requests = new AcceptedRequests();
    requests.database = new BridgeDatabase(); // the inbox off: no database

    assertTrue(requests.accept(NOW, "n-1", NOW, WINDOW));
    assertFalse(requests.accept(NOW, "n-1", NOW + 1, WINDOW));
  }

  @Test
  void memoryHoldsAtMostItsBoundOfRequestsStillWithinTheirWindow() {
    AcceptedRequests requests = new AcceptedRequests();
    requests.database = new BridgeDatabase();
    for (int i = 0; i < AcceptedRequests.MAX_IN_MEMORY; i++) {
      assertTrue(requests.accept(NOW, "n-" + i, NOW, WINDOW));
    }

    assertEquals(
        429,
        assertThrows(
                VideoRecallException.class, () -> requests.accept(NOW, "one more", NOW, WINDOW))
            .status(),
        "full of requests that could still come back");
    assertTrue(
        requests.accept(NOW + 2 * WINDOW + 1, "one more", NOW + 2 * WINDOW + 1, WINDOW),
        "once their timestamps are past reach, they are forgotten to make room");
    assertFalse(requests.accept(NOW + 2 * WINDOW + 1, "one more", NOW + 2 * WINDOW + 1, WINDOW));
  }

  @Test
  void aFailingDatabaseIsReportedAndTheInstancesMemoryServes() {
    List<SQLException> reported = new ArrayList<>();
    AcceptedRequests requests = instance(unreachable(), reported);

    assertTrue(requests.accept(NOW, "n-1", NOW, WINDOW), "accepted, as while the database is off");
    assertEquals(1, reported.size(), "the failure is reported, so the database is tried again");
    assertFalse(requests.accept(NOW, "n-1", NOW, WINDOW), "this instance still refuses a replay");
  }

  private AcceptedRequests instance(DataSource db, List<SQLException> failed) {
    AcceptedRequests requests = onDatabase(db, failed);
    writers.add(requests.commits);
    return requests;
  }

  static void migrate(DataSource db) {
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
  }

  /**
   * An instance on {@code db}, with a writer of its own (the caller stops it), reporting failures
   * into {@code failed}.
   */
  static AcceptedRequests onDatabase(DataSource db, List<SQLException> failed) {
    AcceptedRequests requests = new AcceptedRequests();
    requests.commits = new GroupCommit();
    requests.database = new ReadyDatabase(db, failed::add);
    return requests;
  }

  /** A thread-safe list for failures reported from several threads. */
  static List<SQLException> failures() {
    return new CopyOnWriteArrayList<>();
  }

  /** The rows of video_accepted_request, counted by the instance's writer after its queued work. */
  private static long stored(AcceptedRequests requests) throws SQLException {
    return requests.commits.run(
        requests.database.ready().orElseThrow(),
        connection -> {
          try (PreparedStatement count =
                  connection.prepareStatement("SELECT COUNT(*) FROM video_accepted_request");
              ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
          }
        });
  }

  /** {@code db}, whose DELETE statements wait for {@code release} while {@code holding}. */
  private static DataSource holdingDeletes(
      DataSource db, AtomicBoolean holding, CountDownLatch release) {
    return (DataSource)
        Proxy.newProxyInstance(
            AcceptedRequestsTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(method, db, args);
              if (!(result instanceof Connection connection)) {
                return result;
              }
              return Proxy.newProxyInstance(
                  AcceptedRequestsTest.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (c, call, parameters) -> {
                    if (holding.get()
                        && call.getName().equals("prepareStatement")
                        && parameters[0].toString().startsWith("DELETE")) {
                      assertTrue(release.await(10, TimeUnit.SECONDS), "released");
                    }
                    return invoke(call, connection, parameters);
                  });
            });
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException failed) {
      throw failed.getCause();
    }
  }

  private static DataSource unreachable() {
    return (DataSource)
        Proxy.newProxyInstance(
            AcceptedRequestsTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              throw new SQLException("connection refused", "08001");
            });
  }
}
