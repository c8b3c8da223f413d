package io.wxbridge.inbox.control;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.database.control.GroupCommit;
import io.wxbridge.inbox.entity.ReplayVerdict;
import io.wxbridge.text.entity.Digest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Replay protection for plaintext mode, where WeChat's {@code signature} covers the Token,
 * timestamp and nonce but not the body: anyone who saw one signed push (in any mode: an encrypted
 * push's query carries that signature too) could send any body with its query. Each (timestamp,
 * nonce, signature) is remembered with its body's SHA-256 for twice the allowed clock skew,
 * cluster-wide; the same query with another body is refused, a genuine retry (same query, same
 * body) is not. A timestamp further than {@code bridge.push.max-clock-skew} seconds from the
 * bridge's clock is refused outright, so a remembered query can never come back once forgotten.
 * Each instance also remembers the queries it took lately ({@link RecentQueries}) and refuses
 * another body for one of them without asking the database, also while it cannot answer.
 */
@ApplicationScoped
public class ReplayGuard {
  private static final Logger LOG = Logger.getLogger(ReplayGuard.class.getName());

  /** How often, at most, a refused timestamp is a WARNING; the others are FINE. */
  static final long CLOCK_WARNING_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final AtomicLong lastClockWarning =
      new AtomicLong(System.nanoTime() - CLOCK_WARNING_EVERY_NANOS);

  /**
   * Prefixed to an encrypted push's body before it is hashed (a NUL byte: no XML starts with one).
   */
  private static final byte[] ENCRYPTED = "\0encrypted\n".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] URL_CHECK = "\0url check\n".getBytes(StandardCharsets.US_ASCII);

  @Inject BridgeDatabase database;
  @Inject InboxSettings settings;
  @Inject GroupCommit commits;

  Clock clock = Clock.systemUTC();

  final RecentQueries recent = new RecentQueries();

  /**
   * A plaintext push: its query is remembered with its body, or compared with the body it came with
   * before.
   */
  public ReplayVerdict check(
      AppId appId, String timestamp, String nonce, String signature, byte[] body) {
    OptionalLong pushedAt = freshTimestamp(appId, timestamp, true);
    return pushedAt.isEmpty()
        ? ReplayVerdict.STALE
        : remember(appId, pushedAt.getAsLong(), timestamp, nonce, signature, body);
  }

  /**
   * The push's timestamp in seconds, when it is a number within bridge.push.max-clock-skew of the
   * bridge's clock; a plaintext push without one is refused, and the refusal logged.
   */
  private OptionalLong freshTimestamp(AppId appId, String timestamp, boolean logRefusal) {
    long pushedAt;
    try {
      pushedAt = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException | NullPointerException notANumber) {
      if (logRefusal) {
        LOG.log(
            refusalLevel(),
            () -> appId + ": plaintext push refused: its timestamp is not a number");
      }
      return OptionalLong.empty();
    }
    long skew = pushedAt - clock.millis() / 1000;
    if (Math.abs(skew) <= settings.maxClockSkewSeconds()) {
      return OptionalLong.of(pushedAt);
    }
    if (logRefusal) {
      LOG.log(
          refusalLevel(),
          () ->
              appId
                  + ": plaintext push refused: its timestamp is "
                  + Math.abs(skew)
                  + " s "
                  + (skew < 0 ? "behind" : "ahead of")
                  + " the bridge's clock (bridge.push.max-clock-skew="
                  + settings.maxClockSkewSeconds()
                  + " s); if WeChat's genuine pushes are refused, check the server's clock");
    }
    return OptionalLong.empty();
  }

  /**
   * WARNING at most once a minute: whoever holds an old signed push query (a proxy's access log)
   * can send it again and again, and each refusal has its line, within a budget, from
   * ProblemMapper.
   */
  Level refusalLevel() {
    long now = System.nanoTime();
    long last = lastClockWarning.get();
    return now - last >= CLOCK_WARNING_EVERY_NANOS && lastClockWarning.compareAndSet(last, now)
        ? Level.WARNING
        : Level.FINE;
  }

  /**
   * An encrypted push (compatible or safe mode), already authenticated by its msg_signature. Its
   * query also carries a {@code signature} over the Token, timestamp and nonce only, which would
   * authenticate the same query in plaintext mode: whoever saw the push could drop encrypt_type and
   * send a plaintext body, its own or this very one (in compatible mode that one would be answered
   * as a retry, with the passive reply unencrypted). So the query is remembered too, with its body
   * marked as an encrypted push's: no plaintext body matches it, and any is refused as another
   * body. Nothing is refused here: msg_signature covers this body, and a stale timestamp makes the
   * plaintext replay stale as well.
   *
   * @param plaintextServed false for an account that refuses plaintext pushes: no record in the
   *     database then, only this instance's memory, which {@link #isNewHere} reads (a captured
   *     query must not let slow bodies past their limit)
   */
  public void rememberEncrypted(
      AppId appId,
      String timestamp,
      String nonce,
      String signature,
      byte[] body,
      boolean plaintextServed) {
    // unshared, the body's hash is never compared (no plaintext push can reach it): not computed
    byte[] marked = plaintextServed ? encryptedMark(body) : ENCRYPTED;
    rememberUnusable(appId, timestamp, nonce, signature, marked, plaintextServed);
  }

  /**
   * WeChat's URL check (a GET with echostr) carries the same signature over the Token, timestamp
   * and nonce as a plaintext push: whoever saw its URL (an access log) could sign a push of their
   * own with it. So its query is remembered as used, with no body any push can have.
   *
   * @param plaintextServed as for {@link #rememberEncrypted}
   */
  public void rememberUrlCheck(
      AppId appId, String timestamp, String nonce, String signature, boolean plaintextServed) {
    if (!plaintextServed) {
      rememberUnusable(appId, timestamp, nonce, signature, URL_CHECK, false);
      return;
    }
    OptionalLong checkedAt = freshTimestamp(appId, timestamp, false);
    if (signature != null && checkedAt.isPresent()) {
      // waited for, as a URL check is rare: a push signed with its query just after must find it
      remember(appId, checkedAt.getAsLong(), timestamp, nonce, signature, URL_CHECK);
    }
  }

  /**
   * Whether a query is new to this instance: its timestamp a number within
   * bridge.push.max-clock-skew of the bridge's clock, and the query not one this instance took
   * before ({@link RecentQueries}).
   */
  public boolean isNewHere(AppId appId, String timestamp, String nonce, String signature) {
    return freshTimestamp(null, timestamp, false).isPresent()
        && !recent.contains(appId.value(), queryHash(timestamp, nonce, signature));
  }

  private void rememberUnusable(
      AppId appId,
      String timestamp,
      String nonce,
      String signature,
      byte[] markedBody,
      boolean shared) {
    // a stale or unreadable timestamp needs no record: a plaintext push with it is refused anyway
    OptionalLong pushedAt = freshTimestamp(appId, timestamp, false);
    if (signature == null || pushedAt.isEmpty()) {
      return;
    }
    String query = queryHash(timestamp, nonce, signature);
    String bodyHash = Digest.SHA_256.hex(markedBody);
    rememberHere(appId, pushedAt.getAsLong(), query, bodyHash); // authenticated: its own body
    // queued, not waited for: nothing here needs its verdict, and the push's own record runs after
    // it on the same writer, so the two usually share a commit
    database
        .ready()
        .filter(db -> shared)
        .ifPresent(db -> rememberLater(db, appId, pushedAt.getAsLong(), query, bodyHash, 1));
  }

  private void rememberLater(
      DataSource db, AppId appId, long pushedAt, String query, String bodyHash, int attempt) {
    commits
        .queueBeforeCommit(
            db, connection -> ReplayRecords.remember(connection, appId, pushedAt, query, bodyHash))
        .whenComplete(
            (verdict, failure) -> {
              Throwable cause =
                  failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
              if (cause instanceof SQLException sql && !commits.stopping()) {
                if (BridgeDatabase.mayRunAgain(sql, attempt)) {
                  rememberLater(db, appId, pushedAt, query, bodyHash, attempt + 1);
                } else if (!BridgeDatabase.raced(sql)) {
                  database.failed(sql);
                } // raced three times: this query stays unrecorded
              }
            });
  }

  /** An encrypted push's body as remembered: never equal to any plaintext body's bytes. */
  private static byte[] encryptedMark(byte[] body) {
    byte[] marked = new byte[ENCRYPTED.length + body.length];
    System.arraycopy(ENCRYPTED, 0, marked, 0, ENCRYPTED.length);
    System.arraycopy(body, 0, marked, ENCRYPTED.length, body.length);
    return marked;
  }

  private ReplayVerdict remember(
      AppId appId, long pushedAt, String timestamp, String nonce, String signature, byte[] body) {
    String query = queryHash(timestamp, nonce, signature);
    String bodyHash = Digest.SHA_256.hex(body);
    if (recent.holdsAnother(appId.value(), query, bodyHash)) {
      return ReplayVerdict.OTHER_BODY;
    }
    Optional<DataSource> db = database.ready();
    if (db.isEmpty()) {
      rememberHere(appId, pushedAt, query, bodyHash); // the first body this instance saw
      return ReplayVerdict.UNCHECKED;
    }
    try {
      ReplayVerdict verdict = remember(db.get(), appId, pushedAt, query, bodyHash);
      if (verdict != ReplayVerdict.OTHER_BODY) { // the query's own body
        rememberHere(appId, pushedAt, query, bodyHash);
      }
      return verdict;
    } catch (SQLException failure) {
      database.failed(failure);
      rememberHere(appId, pushedAt, query, bodyHash);
      return ReplayVerdict.UNCHECKED;
    }
  }

  private void rememberHere(AppId appId, long pushedAt, String query, String bodyHash) {
    long oldest = clock.millis() / 1000 - settings.maxClockSkewSeconds();
    recent.remember(appId.value(), pushedAt, query, bodyHash, oldest);
  }

  private static String queryHash(String timestamp, String nonce, String signature) {
    return Digest.SHA_256.hex(
        (timestamp + "\n" + nonce + "\n" + signature).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Remembers the query (its timestamp in seconds, and its hash) with its body's hash, or compares
   * with the body it was remembered with. Keyed by the timestamp first, so that each new record
   * goes to the end of the key (V5).
   */
  private ReplayVerdict remember(
      DataSource db, AppId appId, long pushedAt, String query, String bodyHash)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        // the verdict is used before its commit: a commit that fails is run again (it finds its
        // own record or writes it); only a crash before it loses the record (this query is then
        // unprotected, as while the database is down), never an acknowledged push
        return commits.runBeforeCommitForRequest(
            db, connection -> ReplayRecords.remember(connection, appId, pushedAt, query, bodyHash));
      } catch (SQLException failure) {
        if (!BridgeDatabase.mayRunAgain(failure, attempt)) {
          throw failure;
        }
        // another instance remembered the same query at the same moment (compare with its body),
        // or this unit was a deadlock's victim in a batch that also locks followers' rows
      }
    }
  }
}
