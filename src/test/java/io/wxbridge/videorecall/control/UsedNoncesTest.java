package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.GroupCommit;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Signed video-recall requests remembered in the bridge's database, and in memory without it. */
class UsedNoncesTest {
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
    UsedNonces instanceA = instance(db, new ArrayList<>());
    UsedNonces instanceB = instance(db, new ArrayList<>());

    assertTrue(instanceA.firstUse(NOW, "n-1", NOW, WINDOW));
    assertFalse(instanceB.firstUse(NOW, "n-1", NOW, WINDOW), "another instance refuses it");
    assertFalse(instanceA.firstUse(NOW, "n-1", NOW + 1, WINDOW), "so does the first one");
    assertTrue(
        instanceB.firstUse(NOW + 1, "n-1", NOW + 1, WINDOW),
        "the same nonce in another second is another request (the token covers both)");
  }

  @Test
  void requestsTooOldToComeBackAreDeletedAtMostOnceAMinute() throws SQLException {
    migrate(db);
    UsedNonces nonces = instance(db, new ArrayList<>());
    long window = 10;
    assertTrue(nonces.firstUse(NOW, "a", NOW, window));
    assertTrue(nonces.firstUse(NOW + 30, "b", NOW + 30, window));
    assertEquals(
        2, stored(nonces), "\"a\" is old enough at NOW + 30, but the last prune was at NOW");

    assertTrue(nonces.firstUse(NOW + 60, "c", NOW + 60, window));

    assertEquals(
        1,
        stored(nonces),
        "a minute later, requests signed more than twice the window ago are gone");
  }

  @Test
  void withoutTheDatabaseEachInstanceRemembersInMemory() {
    UsedNonces nonces = new UsedNonces();
    nonces.database = new BridgeDatabase(); // the inbox off: no database

    assertTrue(nonces.firstUse(NOW, "n-1", NOW, WINDOW));
    assertFalse(nonces.firstUse(NOW, "n-1", NOW + 1, WINDOW));
    assertTrue(
        nonces.firstUse(NOW, "n-1", NOW + 2 * WINDOW + 1, WINDOW),
        "remembered until twice the window has passed (its timestamp is refused after that)");
  }

  @Test
  void aFailingDatabaseIsReportedAndTheInstancesMemoryServes() {
    List<SQLException> reported = new ArrayList<>();
    UsedNonces nonces = instance(unreachable(), reported);

    assertTrue(nonces.firstUse(NOW, "n-1", NOW, WINDOW), "accepted, as while the database is off");
    assertEquals(1, reported.size(), "the failure is reported, so the database is tried again");
    assertFalse(nonces.firstUse(NOW, "n-1", NOW, WINDOW), "this instance still refuses a replay");
  }

  private UsedNonces instance(DataSource db, List<SQLException> failed) {
    UsedNonces nonces = onDatabase(db, failed);
    writers.add(nonces.commits);
    return nonces;
  }

  static void migrate(DataSource db) {
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
  }

  /**
   * An instance on {@code db}, with a writer of its own, reporting failures into {@code failed}.
   */
  static UsedNonces onDatabase(DataSource db, List<SQLException> failed) {
    UsedNonces nonces = new UsedNonces();
    nonces.commits = new GroupCommit();
    nonces.database =
        new BridgeDatabase() {
          @Override
          public Optional<DataSource> ready() {
            return Optional.of(db);
          }

          @Override
          public void failed(SQLException failure) {
            failed.add(failure);
          }
        };
    return nonces;
  }

  /** The rows of video_nonce, counted by the instance's writer, after the work it has queued. */
  private static long stored(UsedNonces nonces) throws SQLException {
    return nonces.commits.run(
        nonces.database.ready().orElseThrow(),
        connection -> {
          try (PreparedStatement count =
                  connection.prepareStatement("SELECT COUNT(*) FROM video_nonce");
              ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
          }
        });
  }

  private static DataSource unreachable() {
    return (DataSource)
        java.lang.reflect.Proxy.newProxyInstance(
            UsedNoncesTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              throw new SQLException("connection refused", "08001");
            });
  }
}
