package io.wxbridge.database.control;

import java.util.Arrays;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Brings the bridge's schema up to date with Flyway (docs/inbox.md, "Schema"), and on the embedded
 * database survives a crash in its first migration. H2 commits each CREATE at once (Flyway knows:
 * no DDL transactions there), so a {@code kill -9} while a fresh data directory was being migrated
 * left some tables without their history row, and every later start failed on "table already
 * exists": the inbox stayed off for good. A database on which no migration ever succeeded holds
 * nothing (pushes are recorded only once the schema is up to date), so it is emptied and migrated
 * afresh. Never on a server's database (PostgreSQL rolls a failed migration back whole).
 */
final class SchemaMigration {
  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

  private SchemaMigration() {}

  static void migrate(DataSource db, boolean embedded) {
    Flyway flyway =
        Flyway.configure(SchemaMigration.class.getClassLoader())
            .dataSource(db)
            .locations("classpath:db/migration")
            .cleanDisabled(!embedded)
            .load();
    if (embedded && neverMigrated(flyway.info().applied()) && hasTables(flyway)) {
      LOG.warning(
          "The embedded inbox's first migration did not finish (the bridge stopped during its"
              + " first start): its half-made schema, which holds no push, is made anew");
      flyway.clean();
    }
    flyway.migrate();
  }

  static boolean neverMigrated(MigrationInfo[] applied) {
    return Arrays.stream(applied)
        .noneMatch(
            migration -> migration.getState().isApplied() && !migration.getState().isFailed());
  }

  private static boolean hasTables(Flyway flyway) {
    try (var connection = flyway.getConfiguration().getDataSource().getConnection();
        var tables =
            connection.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
      return tables.next();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot list the embedded database's tables", e);
    }
  }
}
