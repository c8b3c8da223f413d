package io.wxbridge.testing;

import io.wxbridge.database.control.BridgeDatabase;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The bridge's database as a unit test gives it: always ready with {@code db}, migrated by the
 * test; failures go where the test says (the server's {@link BridgeDatabase} would turn the
 * database off and try it again).
 */
public class ReadyDatabase extends BridgeDatabase {
  private final DataSource db;
  private final Consumer<SQLException> failures;

  /**
   * Failures go to the server's {@link BridgeDatabase#failed}, which changes nothing here (it logs
   * only while its own database is usable, which this one never opens).
   */
  public ReadyDatabase(DataSource db) {
    this(db, null);
  }

  /** Failures go to {@code failures}. */
  public ReadyDatabase(DataSource db, Consumer<SQLException> failures) {
    this.db = db;
    this.failures = failures;
  }

  @Override
  public Optional<DataSource> ready() {
    return Optional.of(db);
  }

  /** H2 stands for the embedded database (one instance only), PostgreSQL for a shared one. */
  @Override
  public boolean exclusive(DataSource candidate) {
    return candidate == db && !(db instanceof PGSimpleDataSource);
  }

  @Override
  public void failed(SQLException failure) {
    if (failures == null) {
      super.failed(failure);
    } else {
      failures.accept(failure);
    }
  }
}
