package io.wxbridge.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.testing.UnusedPort;
import io.wxbridge.token.entity.AccessToken;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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

  private AccessToken fetch(long takesMillis) {
    try {
      Thread.sleep(takesMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return AccessToken.issued("token-" + fetches.incrementAndGet(), 7200, Instant.now());
  }
}
