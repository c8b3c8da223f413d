package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.BridgeDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The redelivery timer's two questions to the inbox: which accounts have work due, and what may be
 * deleted. Kept apart from {@link InboxStore}, which records and claims single pushes.
 */
@ApplicationScoped
public class InboxHousekeeping {

  /**
   * The accounts that have a push due now (pending and due, or held under a lease that ran out).
   */
  public List<AppId> dueAccounts(DataSource db, long now) throws SQLException {
    try (Connection connection = BridgeDatabase.connect(db);
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT DISTINCT app_id FROM inbox_push WHERE "
                    + "(state = 'PENDING' AND next_attempt_at <= ?) OR (state = 'SENDING' AND lease_until < ?)")) {
      select.setLong(1, now);
      select.setLong(2, now);
      List<AppId> apps = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          apps.add(new AppId(row.getString(1)));
        }
      }
      return apps;
    }
  }

  /**
   * Deletes delivered pushes answered before {@code deliveredBefore} and replay records seen before
   * {@code seenBefore}.
   */
  public int prune(DataSource db, long deliveredBefore, long seenBefore) throws SQLException {
    return InboxStore.update(
            db,
            "DELETE FROM inbox_push WHERE state = 'DELIVERED' AND answered_at < ?",
            deliveredBefore)
        + InboxStore.update(db, "DELETE FROM push_replay WHERE seen_at < ?", seenBefore);
  }
}
