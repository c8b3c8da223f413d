package io.wxbridge.database.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** PostgreSQL's lock_timeout, for the rest of one transaction. */
public final class LockWaits {
  private LockWaits() {}

  /**
   * Bounds every lock wait of the rest of this transaction on PostgreSQL (its lock_timeout, as SET
   * LOCAL does), so that a wait that outlasts it ends with {@link
   * BridgeDatabase#LOCK_NOT_AVAILABLE} and is told apart from a database that stopped answering.
   * Never on the embedded database, which has no other instance to wait for.
   *
   * @param value milliseconds, or a value {@link #current} read
   */
  public static void limit(Connection connection, String value) throws SQLException {
    try (PreparedStatement set =
        connection.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
      set.setString(1, value);
      set.execute();
    }
  }

  /** PostgreSQL's lock_timeout now, to set it back for the rest of a shared transaction. */
  public static String current(Connection connection) throws SQLException {
    try (PreparedStatement current =
            connection.prepareStatement("SELECT current_setting('lock_timeout')");
        ResultSet row = current.executeQuery()) {
      row.next();
      return row.getString(1);
    }
  }
}
