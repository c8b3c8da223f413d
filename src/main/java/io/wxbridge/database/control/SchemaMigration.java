package io.wxbridge.database.control;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings the bridge's schema up to date with Flyway (docs/inbox.md, "Schema"), and on the embedded
 * database survives a crash in the migrations of its first start. H2 commits each CREATE at once
 * (Flyway knows: no DDL transactions there), so a {@code kill -9} while a fresh data directory was
 * being migrated left tables without their migration's history row, and every later start failed on
 * "table already exists": the inbox stayed off for good. An embedded database whose migration fails
 * and that holds no row (pushes are recorded only once the schema is up to date) is emptied and
 * migrated afresh. Never on a server's database, nor on one that holds a row.
 */
final class SchemaMigration {
  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());
  private static final String HISTORY = "flyway_schema_history";

  private SchemaMigration() {}

  static void migrate(DataSource db, boolean embedded) {
    Flyway flyway =
        Flyway.configure(SchemaMigration.class.getClassLoader())
            .dataSource(db)
            .locations("classpath:db/migration")
            .cleanDisabled(!embedded)
            .load();
    try {
      flyway.migrate();
    } catch (FlywayException failed) {
      if (!embedded || !holdsNoRow(db)) {
        throw failed;
      }
      LOG.warning(
          "The embedded inbox's migration failed on a database that holds nothing (the bridge"
              + " stopped during its first start?): it is made anew ("
              + failed.getClass().getSimpleName()
              + ")");
      flyway.clean();
      flyway.migrate();
    }
  }

  /** Whether no table of the embedded database but Flyway's history has a row. */
  private static boolean holdsNoRow(DataSource db) {
    try (Connection connection = db.getConnection()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet found =
          connection.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
        while (found.next()) {
          tables.add(found.getString("TABLE_NAME"));
        }
      }
      try (Statement statement = connection.createStatement()) {
        for (String table : tables) {
          if (table.equals(HISTORY)) {
            continue;
          }
          try (ResultSet row =
              statement.executeQuery(
                  "SELECT 1 FROM \"" + table.replace("\"", "\"\"") + "\" FETCH FIRST 1 ROW ONLY")) {
            if (row.next()) {
              return false;
            }
          }
        }
      }
      return true;
    } catch (SQLException unreadable) {
      LOG.warning(() -> "Cannot tell whether the embedded inbox holds anything: " + unreadable);
      return false;
    }
  }
}
