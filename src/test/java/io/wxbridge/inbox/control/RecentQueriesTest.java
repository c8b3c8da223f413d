package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.inbox.entity.ReplayVerdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An instance's own memory of the signed queries it took, in front of the database's. */
class RecentQueriesTest {
  private static final long NOW = 1_800_000_000L;
  private static final AppId APP = new AppId("wxinbox000000001");

  @Test
  void aQueryIsRememberedWithItsBodyPerAccount() {
    RecentQueries recent = new RecentQueries();

    assertEquals(Optional.empty(), recent.remember("wxa", NOW, "q1", "body-a", NOW - 300));
    assertEquals(Optional.of("body-a"), recent.remember("wxa", NOW, "q1", "body-b", NOW - 300));
    assertEquals(Optional.empty(), recent.remember("wxb", NOW, "q1", "body-b", NOW - 300));
  }

  @Test
  void aFullMemoryForgetsStaleQueriesAndTakesNoNewOneWhileAllAreYoung() {
    RecentQueries recent = new RecentQueries();
    for (int i = 0; i < RecentQueries.MOST; i++) {
      recent.remember("wxa", NOW - 400, "old" + i, "b", NOW - 300);
    }
    assertEquals(RecentQueries.MOST, recent.size());

    assertEquals(Optional.empty(), recent.remember("wxa", NOW, "new", "b", NOW - 300));
    assertEquals(1, recent.size(), "the stale ones forgotten, the new one remembered");

    for (int i = 1; i < RecentQueries.MOST; i++) {
      recent.remember("wxa", NOW, "young" + i, "b", NOW - 300);
    }
    assertEquals(Optional.empty(), recent.remember("wxa", NOW, "one more", "b", NOW - 299));
    assertEquals(RecentQueries.MOST, recent.size(), "full of young queries: not remembered");
    assertEquals(Optional.empty(), recent.remember("wxa", NOW, "one more", "c", NOW - 299));
  }

  /** While the database is off, the instance's memory alone refuses a query with another body. */
  @Test
  void withoutTheDatabaseAQueryIsStillRefusedWithAnotherBody() {
    ReplayGuard replays = new ReplayGuard();
    replays.database = new BridgeDatabase(); // not configured: no database
    replays.settings = new InboxSettings();
    replays.settings.maxClockSkewSeconds = 300;
    replays.clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    String ts = Long.toString(NOW);

    assertEquals(ReplayVerdict.UNCHECKED, replays.check(APP, ts, "n1", "sig", bytes("body-a")));
    assertEquals(ReplayVerdict.OTHER_BODY, replays.check(APP, ts, "n1", "sig", bytes("body-b")));
    assertEquals(
        ReplayVerdict.UNCHECKED,
        replays.check(APP, ts, "n1", "sig", bytes("body-a")),
        "WeChat's retry, the same body: not refused");

    replays.rememberEncrypted(APP, ts, "n2", "sig", bytes("<xml><Encrypt>…</Encrypt></xml>"));
    assertEquals(
        ReplayVerdict.OTHER_BODY,
        replays.check(APP, ts, "n2", "sig", bytes("<xml>forged</xml>")),
        "an encrypted push's query signs no plaintext body");
    replays.rememberUrlCheck(APP, ts, "n3", "sig");
    assertEquals(
        ReplayVerdict.OTHER_BODY,
        replays.check(APP, ts, "n3", "sig", bytes("<xml>forged</xml>")),
        "nor does a URL check's");
  }

  /** A query this instance took is no longer new here (it opens no way to a slow body). */
  @Test
  void aQueryTakenIsNoLongerNewHere() {
    ReplayGuard replays = new ReplayGuard();
    replays.database = new BridgeDatabase();
    replays.settings = new InboxSettings();
    replays.settings.maxClockSkewSeconds = 300;
    replays.clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    String ts = Long.toString(NOW);

    assertTrue(replays.isNewHere(APP, ts, "n1", "sig"));
    replays.check(APP, ts, "n1", "sig", bytes("body-a"));
    assertFalse(replays.isNewHere(APP, ts, "n1", "sig"));
    assertTrue(replays.isNewHere(APP, ts, "n2", "sig"));
    assertFalse(replays.isNewHere(APP, Long.toString(NOW - 301), "n3", "sig"), "stale");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
