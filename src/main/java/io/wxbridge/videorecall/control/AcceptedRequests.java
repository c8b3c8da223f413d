package io.wxbridge.videorecall.control;

import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.database.control.LockWaits;
import io.wxbridge.text.entity.Digest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The signed requests already accepted, so that each is accepted once: in the bridge's database
 * (table video_accepted_request, V6), which every instance on a shared PostgreSQL sees, and in this
 * instance's memory, which alone serves while the database is off or unreachable. A request is its
 * (timestamp, nonce): the token covers both, so a replay repeats both, and a client that reuses a
 * nonce in another second sends a new request. Only a timestamp within the signature window is ever
 * asked about, so a request is forgotten once its timestamp is twice the window old.
 */
@ApplicationScoped
public class AcceptedRequests {
  private static final Logger LOG = Logger.getLogger(AcceptedRequests.class.getName());

  /** The most requests remembered in memory at once: memory stays bounded. */
  static final int MAX_IN_MEMORY = 100_000;

  /** How often, at most, an instance deletes the requests too old to come back (seconds). */
  static final long PRUNE_EVERY_SECONDS = 60;

  /**
   * The longest an insert waits on PostgreSQL for another instance's uncommitted insert of the same
   * request (its group commit takes milliseconds); after that the request counts as that
   * instance's, rather than both accepting it once the caller's wait for the database ran out.
   */
  static final int LOCK_WAIT_MILLIS = 200;

  @Inject BridgeDatabase database;
  @Inject GroupCommit commits;

  /** Each remembered request's key, with the second after which it may be forgotten. */
  private final Map<String, Long> inMemory = new ConcurrentHashMap<>();

  private final AtomicLong nextPrune = new AtomicLong();

  /**
   * Accepts the request signed at {@code signedAt} with {@code nonce}, unless it was accepted
   * before.
   *
   * @param now the bridge's clock, in epoch seconds
   * @param windowSeconds the signature window (bridge.video.signature-window)
   * @return false when it was accepted before, by this instance or another one (or another instance
   *     is inserting it and has not committed within {@value #LOCK_WAIT_MILLIS} ms)
   * @throws VideoRecallException 429 when memory holds {@value #MAX_IN_MEMORY} requests still
   *     within their window
   */
  public boolean accept(long signedAt, String nonce, long now, long windowSeconds) {
    String key = Digest.SHA_256.hex(signedAt + "\n" + nonce);
    if (!acceptInMemory(key, signedAt + 2 * windowSeconds, now)) {
      return false;
    }
    Optional<DataSource> db = database.ready();
    if (db.isEmpty()) {
      return true;
    }
    try {
      // waits for its commit: a request is acted on only once every instance can see it
      boolean first = insertNew(db.get(), signedAt, key);
      pruneIfDue(db.get(), now, windowSeconds);
      return first;
    } catch (SQLException failure) {
      if (BridgeDatabase.raced(failure)
          || BridgeDatabase.LOCK_NOT_AVAILABLE.equals(failure.getSQLState())) {
        // another instance inserted the same request at the same moment (the one lock this insert
        // can wait for; a deadlock is reported on it only if deadlock_timeout is set below the
        // bound)
        return false;
      }
      if (!commits.stopping()) {
        database.failed(failure);
      }
      return true; // remembered in this instance's memory, as while the database is off
    }
  }

  private boolean acceptInMemory(String key, long forgetAfter, long now) {
    if (inMemory.size() >= MAX_IN_MEMORY) {
      inMemory.values().removeIf(expiry -> expiry < now);
      if (inMemory.size() >= MAX_IN_MEMORY) {
        throw VideoRecallException.tooManyNonces();
      }
    }
    return inMemory.putIfAbsent(key, forgetAfter) == null;
  }

  /**
   * One statement on the embedded database. On a shared one its lock wait is bounded ({@link
   * #LOCK_WAIT_MILLIS}; set back after it for the rest of the group commit's transaction, and
   * undone with the unit's savepoint if it fails): the one lock it can meet is another instance's
   * insert of the same request. A request known already inserts nothing; one another instance
   * inserted at the same moment fails on the primary key.
   */
  private boolean insertNew(DataSource db, long signedAt, String key) throws SQLException {
    boolean shared = !database.exclusive(db);
    return commits.runForRequest(
        db,
        connection -> {
          String before = shared ? LockWaits.current(connection) : null;
          if (shared) {
            LockWaits.limit(connection, Integer.toString(LOCK_WAIT_MILLIS));
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO video_accepted_request (signed_at, request_hash) SELECT ?, ? "
                      + "WHERE NOT EXISTS (SELECT 1 FROM video_accepted_request "
                      + "WHERE signed_at = ? AND request_hash = ?)")) {
            insert.setLong(1, signedAt);
            insert.setString(2, key);
            insert.setLong(3, signedAt);
            insert.setString(4, key);
            boolean inserted = insert.executeUpdate() == 1;
            if (shared) {
              LockWaits.limit(connection, before);
            }
            return inserted;
          }
        });
  }

  /**
   * Deletes the requests whose timestamp is more than twice the window old, at most once a {@value
   * #PRUNE_EVERY_SECONDS} s on each instance, at a signed request: signed requests are few (an
   * agent's QR codes), so a few rows at a time, and no timer of its own. Queued, not waited for:
   * the request that is due to prune is answered without it, however busy the writer. A failed
   * prune is logged and tried again a minute later; it does not turn the database off.
   */
  private void pruneIfDue(DataSource db, long now, long windowSeconds) {
    long due = nextPrune.get();
    if (now < due || !nextPrune.compareAndSet(due, now + PRUNE_EVERY_SECONDS)) {
      return;
    }
    commits
        .queueBeforeCommit( // run again after a failed commit: deleting twice deletes nothing more
            db,
            connection -> {
              try (PreparedStatement delete =
                  connection.prepareStatement(
                      "DELETE FROM video_accepted_request WHERE signed_at < ?")) {
                delete.setLong(1, now - 2 * windowSeconds);
                return delete.executeUpdate();
              }
            })
        .whenComplete(
            (deleted, failure) -> {
              if (failure != null && !commits.stopping()) {
                logPruneFailed(
                    failure instanceof CompletionException wrapped ? wrapped.getCause() : failure);
              }
            });
  }

  private static void logPruneFailed(Throwable failure) {
    String state = failure instanceof SQLException sql ? sql.getSQLState() : null;
    LOG.log(
        Level.WARNING,
        "Old signed video-recall requests could not be deleted ({0}, SQLState {1}); tried "
            + "again at the first signed request a minute later",
        new Object[] {failure.getClass().getSimpleName(), state});
  }
}
