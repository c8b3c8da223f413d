package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.database.control.DatabaseClock;
import io.wxbridge.testing.ReadyDatabase;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The inbox's status as operators read it, and what a read that fails leaves alone. */
class InboxStatusTest {
  /**
   * On PostgreSQL a status read slower than the network timeout (many kept EXPIRED pushes) ends as
   * a broken connection: reported to the database, it turned the inbox off for every push.
   */
  @Test
  void aStatusReadThatFailsIsEmptyAndDoesNotTurnTheInboxOff() {
    List<SQLException> reported = new ArrayList<>();
    InboxStatus status = new InboxStatus();
    status.clock = new DatabaseClock();
    status.database = new ReadyDatabase(brokenOnRead(), reported::add);
    status.accounts = new Accounts();

    assertTrue(status.counts().isEmpty(), "no counts: the database did not answer");
    assertEquals(List.of(), reported, "the inbox stays on; pushes find out for themselves");
  }

  /** A database whose connections break, as PostgreSQL's when the network timeout aborts them. */
  private static DataSource brokenOnRead() {
    return (DataSource)
        Proxy.newProxyInstance(
            InboxStatusTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              throw new SQLException("An I/O error occurred while sending to the backend", "08006");
            });
  }
}
