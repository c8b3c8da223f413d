package io.wxbridge.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.DatabaseClock;
import io.wxbridge.database.control.DatabaseClocks;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.testing.MapConfig;
import io.wxbridge.testing.ReadyDatabase;
import io.wxbridge.token.entity.AccessToken;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * token-mode=classic: one fetch for every instance on the database; a rejected token is replaced
 * once.
 */
class SharedTokensTest {
  private static final AppId APP = new AppId("wxinbox000000003");
  private static final Duration MARGIN = Duration.ofSeconds(300);
  private final JdbcConnectionPool db =
      JdbcConnectionPool.create(
          "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  private final AtomicInteger fetches = new AtomicInteger();
  private final SharedTokens instanceA = instance();
  private final SharedTokens instanceB = instance();

  @AfterEach
  void close() {
    db.dispose();
  }

  @Test
  void theSecondInstanceUsesTheTokenTheFirstFetched() {
    AccessToken first =
        instanceA.fetchOnce(APP, Optional.empty(), MARGIN, OnBehalfOf.TOKEN_TIMER, this::fetch);
    AccessToken second =
        instanceB.fetchOnce(APP, Optional.empty(), MARGIN, OnBehalfOf.TOKEN_TIMER, this::fetch);
    assertEquals(first.value(), second.value());
    assertEquals(1, fetches.get());
  }

  @Test
  void aRejectedTokenIsReplacedOnceForAll() {
    AccessToken first =
        instanceA.fetchOnce(APP, Optional.empty(), MARGIN, OnBehalfOf.TOKEN_TIMER, this::fetch);
    AccessToken replaced =
        instanceA.fetchOnce(
            APP, Optional.of(first.value()), MARGIN, OnBehalfOf.TOKEN_TIMER, this::fetch);
    AccessToken seenByB =
        instanceB.fetchOnce(
            APP, Optional.of(first.value()), MARGIN, OnBehalfOf.TOKEN_TIMER, this::fetch);
    assertEquals(
        replaced.value(),
        seenByB.value(),
        "B's rejected token was already replaced: no third fetch");
    assertEquals(2, fetches.get());
  }

  /**
   * Instances judge the shared token by the database's clock: one whose own clock is 7,000 s behind
   * it sees the first instance's token with 200 s left, within the margin, not 7,200 s.
   */
  @Test
  void anInstanceWhoseClockIsBehindJudgesTheSharedTokenByTheDatabasesClock() {
    AccessToken first =
        instanceA.fetchOnce(APP, Optional.empty(), MARGIN, OnBehalfOf.TOKEN_TIMER, this::fetch);
    SharedTokens behind = instance();
    behind.clock = DatabaseClocks.ofServerAhead(7_000_000);

    AccessToken seen =
        behind.fetchOnce(APP, Optional.empty(), MARGIN, OnBehalfOf.TOKEN_TIMER, this::fetch);

    assertNotEquals(first.value(), seen.value(), "200 s left of the first: fetched again");
    assertEquals(2, fetches.get());
  }

  @Test
  void aRefusedFetchIsNotAskedAgainWhenTheRollbackFails() {
    SharedTokens brokenAfterTheFetch = onDatabase(failingRollbacks(db));
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    TokenException refused =
        assertThrows(
            TokenException.class,
            () ->
                brokenAfterTheFetch.fetchOnce(
                    APP,
                    Optional.empty(),
                    MARGIN,
                    OnBehalfOf.TOKEN_TIMER,
                    () -> {
                      fetches.incrementAndGet();
                      throw TokenException.refused(45009, "reach max api daily quota limit");
                    }));
    assertEquals(45009, refused.errcode(), "the refusal, not the rollback's failure");
    assertEquals(1, fetches.get(), "WeChat was asked once");
  }

  /** {@code db}, whose connections fail to roll back, as a connection that broke meanwhile does. */
  private static DataSource failingRollbacks(DataSource db) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = method.invoke(db, args);
              if (!(result instanceof Connection connection)) {
                return result;
              }
              return Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (c, call, callArgs) -> {
                    if (call.getName().equals("rollback")) {
                      throw new SQLException("An I/O error occurred while sending to the backend");
                    }
                    try {
                      return call.invoke(connection, callArgs);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
            });
  }

  private AccessToken fetch() {
    return AccessToken.issued("token-" + fetches.incrementAndGet(), 7200, Instant.now());
  }

  private SharedTokens instance() {
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    return onDatabase(db);
  }

  /** An instance on {@code db}, whose failures fail the test (a wait must not be taken for one). */
  static SharedTokens onDatabase(DataSource db) {
    SharedTokens tokens = new SharedTokens();
    tokens.clock = new DatabaseClock();
    tokens.endpoint = new WeChatEndpoint();
    tokens.endpoint.connectTimeoutMillis = 3_000;
    tokens.endpoint.readTimeoutMillis = 10_000;
    tokens.config = MapConfig.of(Map.of());
    tokens.database =
        new ReadyDatabase(
            db,
            failure -> {
              throw new AssertionError("a database failure", failure);
            });
    return tokens;
  }
}
