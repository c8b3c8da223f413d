package io.wxbridge.database.control;

import io.wxbridge.testing.PostgresDatabases;
import java.io.IOException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link GroupCommitTest} on a real PostgreSQL that the test starts itself: there a failed
 * statement aborts the whole transaction, so what a failure leaves must hold there too.
 */
class GroupCommitPostgresTest extends GroupCommitTest {
  private static final PostgresDatabases POSTGRES = new PostgresDatabases("commits");

  @Override
  DataSource newDatabase() {
    PostgresDatabases.Database database = POSTGRES.create();
    // unreachable as a database that refuses connections is (the writer opens its own)
    dispose = () -> POSTGRES.refuseConnections(database);
    return database.dataSource();
  }

  @AfterAll
  static void stop() throws IOException {
    POSTGRES.close();
  }
}
