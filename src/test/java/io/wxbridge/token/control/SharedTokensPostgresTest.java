package io.wxbridge.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.testing.UnusedPort;
import io.wxbridge.token.entity.AccessToken;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** token-mode=classic on PostgreSQL, where instances really wait on each other's row lock. */
class SharedTokensPostgresTest {
  private static final AppId APP = new AppId("wxinbox000000004");
  private final AtomicInteger fetches = new AtomicInteger();

  /**
   * The inbox's connections give up on a database after bridge.inbox.database-timeout (2 s): an
   * instance waiting for another's slower fetch must still use its token, not fetch a second one
   * that invalidates the first.
   */
  @Test
  void anInstanceWaitsForAnotherInstancesSlowFetchAndUsesItsToken() throws Exception {
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder().setPort(UnusedPort.next()).start()) {
      PGSimpleDataSource db = (PGSimpleDataSource) postgres.getPostgresDatabase();
      db.setSocketTimeout(2); // seconds: the inbox's network timeout
      Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
      SharedTokens instanceA = SharedTokensTest.onDatabase(db);
      SharedTokens instanceB = SharedTokensTest.onDatabase(db);

      CompletableFuture<AccessToken> slow =
          CompletableFuture.supplyAsync(
              () ->
                  instanceA.fetchOnce(
                      APP,
                      Optional.empty(),
                      Duration.ZERO,
                      OnBehalfOf.TOKEN_TIMER,
                      () -> fetch(3_500)));
      Thread.sleep(500); // A holds the row lock, fetching
      AccessToken seenByB =
          instanceB.fetchOnce(
              APP, Optional.empty(), Duration.ZERO, OnBehalfOf.TOKEN_TIMER, () -> fetch(0));

      assertEquals(slow.get(20, TimeUnit.SECONDS).value(), seenByB.value());
      assertEquals(1, fetches.get(), "one fetch for both instances");
    }
  }

  /**
   * An instance whose fetch outlasts the longest a fetch can take (hung, or cut off from WeChat
   * while it holds the row) must not make the others' inbox look failed: they stop waiting on the
   * database's own lock timeout and fetch a token of their own.
   */
  @Test
  void anInstanceThatWaitedLongerThanAnyFetchCanTakeFetchesItsOwnWithoutFailingTheDatabase()
      throws Exception {
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder().setPort(UnusedPort.next()).start()) {
      PGSimpleDataSource db = (PGSimpleDataSource) postgres.getPostgresDatabase();
      db.setSocketTimeout(2); // seconds: the inbox's network timeout
      Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
      SharedTokens instanceB = SharedTokensTest.onDatabase(db); // fails the test on failed()
      instanceB.endpoint.connectTimeoutMillis = 100;
      // B waits for the lock 6 s + 0.2 s + the database timeout (2 s), 8.2 s, at most
      instanceB.endpoint.readTimeoutMillis = 100;
      try (Connection stuckInstanceA = db.getConnection();
          Statement holds = stuckInstanceA.createStatement()) {
        holds.execute(
            "INSERT INTO shared_token (app_id, token, obtained_at, expires_at)"
                + " VALUES ('"
                + APP.value()
                + "', NULL, 0, 0)");
        stuckInstanceA.setAutoCommit(false);
        holds.executeQuery(
            "SELECT token FROM shared_token WHERE app_id = '" + APP.value() + "' FOR UPDATE");

        Instant asked = Instant.now();
        AccessToken own =
            instanceB.fetchOnce(
                APP, Optional.empty(), Duration.ZERO, OnBehalfOf.TOKEN_TIMER, () -> fetch(0));
        Duration waited = Duration.between(asked, Instant.now());

        assertEquals("token-1", own.value());
        assertTrue(
            waited.compareTo(Duration.ofMillis(8_000)) > 0
                && waited.compareTo(Duration.ofMillis(10_000)) < 0,
            "waited for the lock as long as a fetch can take, with the database timeout as a margin"
                + " (8.2 s), then no longer (the network timeout is 10.2 s): "
                + waited);
        stuckInstanceA.rollback();
      }
    }
  }

  private AccessToken fetch(long takesMillis) {
    try {
      Thread.sleep(takesMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return AccessToken.issued("token-" + fetches.incrementAndGet(), 7200, Instant.now());
  }
}
