package io.wxbridge.videorecall.control;

import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.GroupCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The signed requests already accepted, so that each is accepted once: in the bridge's database
 * (table video_nonce, V6), which every instance on a shared PostgreSQL sees, and in this instance's
 * memory, which serves while the database is off or unreachable. A request is its (timestamp,
 * nonce): the token covers both, so a replay repeats both, and a client that reuses a nonce in
 * another second sends a new request. Only a timestamp within the signature window is ever asked
 * about, so a request is forgotten once its timestamp is twice the window old.
 */
@ApplicationScoped
public class UsedNonces {
  private static final Logger LOG = Logger.getLogger(UsedNonces.class.getName());

  /** The most requests remembered in memory at once: memory stays bounded. */
  static final int MAX_IN_MEMORY = 100_000;

  /** How often, at most, an instance deletes the requests too old to come back (seconds). */
  static final long PRUNE_EVERY_SECONDS = 60;

  @Inject BridgeDatabase database;
  @Inject GroupCommit commits;

  /** Each remembered request's key, with the second after which it may be forgotten. */
  private final Map<String, Long> inMemory = new ConcurrentHashMap<>();

  private volatile long nextPrune;

  /**
   * Remembers the request signed at {@code signedAt} with {@code nonce}.
   *
   * @param now the bridge's clock, in epoch seconds
   * @param windowSeconds the signature window (bridge.video.signature-window)
   * @return false when it was accepted before, by this instance or another one
   * @throws VideoRecallException 429 when memory holds {@value #MAX_IN_MEMORY} requests still
   *     within their window
   */
  public boolean firstUse(long signedAt, String nonce, long now, long windowSeconds) {
    String key = key(signedAt, nonce);
    long forgetAfter = signedAt + 2 * windowSeconds;
    if (!rememberInMemory(key, forgetAfter, now)) {
      return false;
    }
    Optional<DataSource> db = database.ready();
    if (db.isEmpty()) {
      return true;
    }
    try {
      // waits for its commit: a request is acted on only once it is remembered for every instance
      boolean first = commits.run(db.get(), connection -> insertNew(connection, signedAt, key));
      pruneIfDue(db.get(), now, windowSeconds);
      return first;
    } catch (SQLException failure) {
      if (BridgeDatabase.raced(failure)) {
        return false; // another instance inserted the same request at the same moment
      }
      database.failed(failure);
      return true; // remembered in this instance's memory, as while the database is off
    }
  }

  private boolean rememberInMemory(String key, long forgetAfter, long now) {
    if (inMemory.size() >= MAX_IN_MEMORY) {
      forgetInMemory(now);
      if (inMemory.size() >= MAX_IN_MEMORY) {
        throw VideoRecallException.tooManyNonces();
      }
    }
    Long known = inMemory.putIfAbsent(key, forgetAfter);
    // an entry past its time may still be in the map (it is removed only when the map is full)
    return known == null || (known < now && inMemory.replace(key, known, forgetAfter));
  }

  private void forgetInMemory(long now) {
    for (Iterator<Long> expiries = inMemory.values().iterator(); expiries.hasNext(); ) {
      if (expiries.next() < now) {
        expiries.remove();
      }
    }
  }

  /**
   * One statement on the normal path; a request known already (or inserted by another instance at
   * the same moment, which fails on the primary key) inserts nothing.
   */
  private static boolean insertNew(Connection connection, long signedAt, String key)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO video_nonce (signed_at, nonce_hash) SELECT ?, ? WHERE NOT EXISTS "
                + "(SELECT 1 FROM video_nonce WHERE signed_at = ? AND nonce_hash = ?)")) {
      insert.setLong(1, signedAt);
      insert.setString(2, key);
      insert.setLong(3, signedAt);
      insert.setString(4, key);
      return insert.executeUpdate() == 1;
    }
  }

  /**
   * Deletes the requests whose timestamp is more than twice the window old, at most once a {@value
   * #PRUNE_EVERY_SECONDS} s, queued behind the caller's work and not waited for: signed requests
   * are few (an agent's QR codes), so nothing else needs to run it.
   */
  private void pruneIfDue(DataSource db, long now, long windowSeconds) {
    if (now < nextPrune) {
      return;
    }
    nextPrune = now + PRUNE_EVERY_SECONDS;
    commits
        .queueBeforeCommit(
            db,
            connection -> {
              try (PreparedStatement delete =
                  connection.prepareStatement("DELETE FROM video_nonce WHERE signed_at < ?")) {
                delete.setLong(1, now - 2 * windowSeconds);
                return delete.executeUpdate();
              }
            })
        .whenComplete(
            (deleted, failure) -> {
              Throwable cause =
                  failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
              if (cause != null && !commits.stopping()) {
                LOG.log(
                    Level.WARNING,
                    "Old video-recall nonces could not be deleted ({0}, SQLState {1}); tried "
                        + "again at the first signed request a minute later",
                    new Object[] {
                      cause.getClass().getSimpleName(),
                      cause instanceof SQLException sql ? sql.getSQLState() : "none"
                    });
              }
            });
  }

  /**
   * The request's key: SHA-256 of its timestamp and nonce (a nonce is as long as a header may be;
   * its hash is 64 characters).
   */
  static String key(long signedAt, String nonce) {
    return UdeskRequestSigner.sha256Hex(signedAt + "\n" + nonce);
  }
}
