package io.wxbridge.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.token.entity.AccessToken;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
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
    tokens.endpoint = new WeChatEndpoint();
    tokens.endpoint.connectTimeoutMillis = 3_000;
    tokens.endpoint.readTimeoutMillis = 10_000;
    tokens.database =
        new BridgeDatabase() {
          @Override
          public Optional<DataSource> ready() {
            return Optional.of(db);
          }

          @Override
          public void failed(SQLException failure) {
            throw new AssertionError("a database failure", failure);
          }
        };
    return tokens;
  }
}
