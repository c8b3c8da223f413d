package io.wxbridge.token.control;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.DatabaseClock;
import io.wxbridge.database.control.LockWaits;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.token.entity.AccessToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * One access token per account for every instance on the inbox's database, for token-mode=classic,
 * where each fetch invalidates the previous token: the account's row is locked (SELECT … FOR
 * UPDATE) while one instance fetches, the others wait and then use what it stored. A token another
 * instance already replaced is used, not fetched again; a token WeChat rejected is replaced only if
 * it is still the stored one (compare-and-set). Without a database, each instance fetches for
 * itself. Its times are stored in the database's clock ({@link DatabaseClock}) and read back in
 * this instance's, so that an instance whose clock is off judges the shared token by the same time
 * as the others.
 */
@ApplicationScoped
public class SharedTokens {
  private static final Logger LOG = Logger.getLogger(SharedTokens.class.getName());

  @Inject BridgeDatabase database;
  @Inject DatabaseClock clock;
  @Inject WeChatEndpoint endpoint;
  @Inject Config config;

  /**
   * The account's shared token when it is good for more than {@code margin} and is not {@code
   * rejected}; else the one {@code fetch} gets from WeChat (stored for the other instances).
   */
  public AccessToken fetchOnce(
      AppId appId,
      Optional<String> rejected,
      Duration margin,
      OnBehalfOf caller,
      Supplier<AccessToken> fetch) {
    Optional<DataSource> db = database.ready();
    if (db.isEmpty()) {
      return fetch.get();
    }
    AccessToken[] fetched =
        new AccessToken
            [1]; // a token WeChat issued is never fetched twice, even if storing it fails
    long lockWait = 0;
    try (Connection connection = BridgeDatabase.connect(db.get())) {
      // waiting for the row lock is waiting for another instance's fetch, retries included: give up
      // (and fetch a second token, invalidating the first) only after the longest that can take,
      // with the database's own timeout as a margin (DNS and a pool checkout are outside the
      // connect timeout); the connection's network timeout lies beyond that
      long databaseTimeout = connection.getNetworkTimeout();
      lockWait =
          TokenFetchWindow.lastAttemptStartsWithin(config).toMillis()
              + endpoint.longestRequestMillis()
              + databaseTimeout;
      connection.setNetworkTimeout(Runnable::run, Math.toIntExact(lockWait + databaseTimeout));
      ensureRow(connection, appId);
      connection.setAutoCommit(false);
      try {
        if (!database.exclusive(db.get())) {
          LockWaits.limit(connection, Long.toString(lockWait));
        }
        Optional<AccessToken> stored;
        try {
          stored = lockedRow(connection, appId, clock.offsetMillis());
        } catch (SQLException waited) {
          if (!BridgeDatabase.LOCK_NOT_AVAILABLE.equals(waited.getSQLState())) {
            throw waited;
          }
          // the database answers: the other instance's fetch is what is stuck, not the inbox
          connection.rollback();
          throw new OvertakenWait();
        }
        Instant now = Instant.now();
        if (stored.isPresent()
            && !stored.get().isDueAt(now, margin)
            && !stored.get().value().equals(rejected.orElse(null))) {
          connection.commit();
          LOG.fine(() -> appId + ": access token taken from the shared store, " + caller);
          return stored.get();
        }
        AccessToken fresh = fetch.get(); // other instances wait on the row lock meanwhile
        fetched[0] = fresh;
        try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE shared_token SET token = ?, obtained_at = ?, expires_at = ? WHERE app_id = ?")) {
          update.setString(1, fresh.value());
          update.setLong(2, fresh.obtainedAt().toEpochMilli() + clock.offsetMillis());
          update.setLong(3, fresh.expiresAt().toEpochMilli() + clock.offsetMillis());
          update.setString(4, appId.value());
          update.executeUpdate();
        }
        connection.commit();
        return fresh;
      } catch (SQLException | RuntimeException failure) {
        rollback(connection, failure);
        throw failure;
      }
    } catch (OvertakenWait overtaken) {
      long waited = lockWait;
      LOG.warning(
          () ->
              appId
                  + ": another instance has been fetching the shared access token for over "
                  + waited
                  + " ms; this one fetches a token of its own, "
                  + caller);
      return fetch.get(); // with the database connection back in its pool
    } catch (SQLException failure) {
      database.failed(failure);
      return fetched[0] != null ? fetched[0] : fetch.get();
    }
  }

  /** The wait for another instance's fetch ended on the database's lock timeout. */
  private static final class OvertakenWait extends Exception {
    private static final long serialVersionUID = 1L;

    OvertakenWait() {
      super(null, null, false, false);
    }
  }

  /**
   * A rollback that fails (the connection broke meanwhile) must not hide what failed first: a fetch
   * that WeChat refused is not asked again below as if the database had failed before it.
   */
  private static void rollback(Connection connection, Exception first) {
    try {
      connection.rollback();
    } catch (SQLException broken) {
      first.addSuppressed(broken);
    }
  }

  private static void ensureRow(Connection connection, AppId appId) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            // only when missing: a failed INSERT is an ERROR line in PostgreSQL's log (two
            // instances inserting at once still meet the unique key, below)
            "INSERT INTO shared_token (app_id, token, obtained_at, expires_at) "
                + "SELECT CAST(? AS VARCHAR(64)), NULL, 0, 0 "
                + "WHERE NOT EXISTS (SELECT 1 FROM shared_token WHERE app_id = ?)")) {
      insert.setString(1, appId.value());
      insert.setString(2, appId.value());
      insert.executeUpdate();
    } catch (SQLException exists) {
      if (!BridgeDatabase.UNIQUE_VIOLATION.equals(exists.getSQLState())) {
        throw exists;
      }
    }
  }

  /**
   * @param offsetMillis the database's clock less this instance's
   */
  private static Optional<AccessToken> lockedRow(
      Connection connection, AppId appId, long offsetMillis) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT token, obtained_at, expires_at FROM shared_token WHERE app_id = ? FOR UPDATE")) {
      select.setString(1, appId.value());
      try (ResultSet row = select.executeQuery()) {
        if (!row.next() || row.getString(1) == null) {
          return Optional.empty();
        }
        return Optional.of(
            new AccessToken(
                row.getString(1),
                Instant.ofEpochMilli(row.getLong(2) - offsetMillis),
                Instant.ofEpochMilli(row.getLong(3) - offsetMillis)));
      }
    }
  }
}
