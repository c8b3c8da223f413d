package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A kill -9 during the first migration of a fresh embedded database left part of V1 (H2 commits
 * each CREATE at once) and every later start failed: the inbox stayed off for good.
 */
class SchemaMigrationTest {
  private final JdbcConnectionPool db =
      JdbcConnectionPool.create(
          "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

  @AfterEach
  void close() {
    db.dispose();
  }

  @Test
  void aFirstMigrationCutShortIsMadeAnewOnTheEmbeddedDatabase() throws SQLException {
    cutShortFirstMigration();
    SchemaMigration.migrate(db, true);
    assertEquals(0, count("inbox_push"), "the whole schema, V1's first table included");
    assertEquals(migrationsInTheWar(), successfulMigrations());
  }

  /** Flyway writes each migration's history row after its DDL, which H2 has committed. */
  @Test
  void aLaterMigrationOfTheFirstStartCutShortIsMadeAnewToo() throws SQLException {
    migratedUpTo("2");
    execute(
        "CREATE TABLE inbox_follower (app_id VARCHAR(64))"); // V3's table, its row never written
    SchemaMigration.migrate(db, true);
    assertEquals(migrationsInTheWar(), successfulMigrations());
  }

  @Test
  void aDatabaseThatHoldsAPushIsNeverEmptied() throws SQLException {
    migratedUpTo("2");
    insertPush();
    execute("CREATE TABLE inbox_follower (app_id VARCHAR(64))");
    assertThrows(FlywayException.class, () -> SchemaMigration.migrate(db, true));
    assertEquals(1, count("inbox_push"), "kept for whoever mends the migration");
  }

  @Test
  void onAServersDatabaseNothingIsDropped() throws SQLException {
    cutShortFirstMigration();
    assertThrows(FlywayException.class, () -> SchemaMigration.migrate(db, false));
  }

  @Test
  void aMigratedDatabaseKeepsItsPushes() throws SQLException {
    SchemaMigration.migrate(db, true);
    insertPush();
    SchemaMigration.migrate(db, true);
    assertEquals(1, count("inbox_push"));
  }

  private void insertPush() throws SQLException {
    execute(
        "INSERT INTO inbox_push (app_id, follower, push_key, description, message, state,"
            + " received_at, attempts, next_attempt_at) VALUES ('wx1', 'o1', 'k1', 'd', X'00',"
            + " 'PENDING', 1, 0, 1)");
  }

  private void migratedUpTo(String version) {
    Flyway.configure()
        .dataSource(db)
        .locations("classpath:db/migration")
        .target(version)
        .load()
        .migrate();
  }

  /** As a kill -9 leaves it: Flyway's history table, empty, and V1's first statement done. */
  private void cutShortFirstMigration() throws SQLException {
    execute(
        "CREATE TABLE \"flyway_schema_history\" (\"installed_rank\" INT NOT NULL PRIMARY KEY,"
            + " \"version\" VARCHAR(50), \"description\" VARCHAR(200) NOT NULL, \"type\""
            + " VARCHAR(20) NOT NULL, \"script\" VARCHAR(1000) NOT NULL, \"checksum\" INT,"
            + " \"installed_by\" VARCHAR(100) NOT NULL, \"installed_on\" TIMESTAMP DEFAULT"
            + " CURRENT_TIMESTAMP NOT NULL, \"execution_time\" INT NOT NULL, \"success\" BOOLEAN"
            + " NOT NULL)");
    execute("CREATE TABLE inbox_push (id BIGINT PRIMARY KEY)");
  }

  private int successfulMigrations() throws SQLException {
    return count("\"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL");
  }

  private int count(String from) throws SQLException {
    try (Connection connection = db.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + from)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = db.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The migrations the WAR brings (src/main/resources/db/migration). */
  private static long migrationsInTheWar() {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      return files.filter(file -> file.getFileName().toString().endsWith(".sql")).count();
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }
}
