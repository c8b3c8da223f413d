package io.wxbridge.database.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
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
    assertEquals(6, successfulMigrations());
  }

  @Test
  void onAServersDatabaseNothingIsDropped() throws SQLException {
    cutShortFirstMigration();
    assertThrows(FlywayException.class, () -> SchemaMigration.migrate(db, false));
  }

  @Test
  void aMigratedDatabaseKeepsItsPushes() throws SQLException {
    SchemaMigration.migrate(db, true);
    execute(
        "INSERT INTO inbox_push (app_id, follower, push_key, description, message, state,"
            + " received_at, attempts, next_attempt_at) VALUES ('wx1', 'o1', 'k1', 'd', X'00',"
            + " 'PENDING', 1, 0, 1)");
    SchemaMigration.migrate(db, true);
    assertEquals(1, count("inbox_push"));
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
}
