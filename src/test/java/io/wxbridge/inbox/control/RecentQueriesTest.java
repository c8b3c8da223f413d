package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.database.control.BridgeDatabase;
import io.wxbridge.inbox.entity.ReplayVerdict;
import io.wxbridge.text.entity.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** An instance's own memory of the signed queries it took, in front of the database's. */
class RecentQueriesTest {
  private static final long NOW = 1_800_000_000L;
  private static final AppId APP = new AppId("wxinbox000000001");

  @Test
  void aQueryIsRememberedWithItsBodyPerAccount() {
    RecentQueries recent = new RecentQueries();
    recent.remember("wxa", NOW, hash("q1"), hash("body-a"), NOW - 300);

    assertFalse(recent.holdsAnother("wxa", hash("q1"), hash("body-a")));
    assertTrue(recent.holdsAnother("wxa", hash("q1"), hash("body-b")));
    assertFalse(recent.holdsAnother("wxb", hash("q1"), hash("body-b")), "another account's");
    assertFalse(recent.holdsAnother("wxa", hash("q2"), hash("body-b")), "another query");
    recent.remember("wxa", NOW, hash("q1"), hash("body-b"), NOW - 300);
    assertTrue(recent.holdsAnother("wxa", hash("q1"), hash("body-b")), "the first body stays");
  }

  @Test
  void theOldestAreForgottenFirstAndStaleOnesAtOnce() {
    RecentQueries recent = new RecentQueries();
    for (int i = 0; i < RecentQueries.MOST; i++) {
      recent.remember("wxa", NOW, hash("q" + i), hash("b"), NOW - 300);
    }
    recent.remember("wxa", NOW, hash("newest"), hash("b"), NOW - 300);

    assertEquals(RecentQueries.MOST, recent.size());
    assertFalse(recent.contains("wxa", hash("q0")), "the oldest taken is forgotten");
    assertTrue(recent.contains("wxa", hash("q1")));
    assertTrue(recent.contains("wxa", hash("newest")));

    RecentQueries aging = new RecentQueries();
    aging.remember("wxa", NOW - 400, hash("stale1"), hash("b"), NOW - 500);
    aging.remember("wxa", NOW - 400, hash("stale2"), hash("b"), NOW - 500);
    aging.remember("wxa", NOW, hash("fresh"), hash("b"), NOW - 300);
    assertEquals(1, aging.size(), "queries whose timestamp is past the skew go");
  }

  /** While the database is off, the instance's memory alone refuses a query with another body. */
  @Test
  void withoutTheDatabaseAQueryIsStillRefusedWithAnotherBody() {
    ReplayGuard replays = withoutDatabase();
    String ts = Long.toString(NOW);

    assertEquals(ReplayVerdict.UNCHECKED, replays.check(APP, ts, "n1", "sig", bytes("body-a")));
    assertEquals(ReplayVerdict.OTHER_BODY, replays.check(APP, ts, "n1", "sig", bytes("body-b")));
    assertEquals(
        ReplayVerdict.UNCHECKED,
        replays.check(APP, ts, "n1", "sig", bytes("body-a")),
        "WeChat's retry, the same body: not refused");

    replays.rememberEncrypted(APP, ts, "n2", "sig", bytes("<xml><Encrypt>…</Encrypt></xml>"), true);
    assertEquals(
        ReplayVerdict.OTHER_BODY,
        replays.check(APP, ts, "n2", "sig", bytes("<xml>forged</xml>")),
        "an encrypted push's query signs no plaintext body");
    replays.rememberUrlCheck(APP, ts, "n3", "sig", true);
    assertEquals(
        ReplayVerdict.OTHER_BODY,
        replays.check(APP, ts, "n3", "sig", bytes("<xml>forged</xml>")),
        "nor does a URL check's");
  }

  /** A query this instance took is no longer new here (it opens no way to a slow body). */
  @Test
  void aQueryTakenIsNoLongerNewHere() {
    ReplayGuard replays = withoutDatabase();
    String ts = Long.toString(NOW);

    assertTrue(replays.isNewHere(APP, ts, "n1", "sig"));
    replays.check(APP, ts, "n1", "sig", bytes("body-a"));
    assertFalse(replays.isNewHere(APP, ts, "n1", "sig"));
    assertTrue(replays.isNewHere(APP, ts, "n2", "sig"));
    assertFalse(replays.isNewHere(APP, Long.toString(NOW - 301), "n3", "sig"), "stale");
  }

  /**
   * A reviewer's point: an account that refuses plaintext pushes never recorded its queries, so one
   * captured query let slow bodies past their limit until it went stale.
   */
  @Test
  void anEncryptedOnlyAccountsQueriesAreTakenHereToo() {
    ReplayGuard replays = withoutDatabase();
    String ts = Long.toString(NOW);

    replays.rememberEncrypted(
        APP, ts, "n4", "sig", bytes("<xml><Encrypt>…</Encrypt></xml>"), false);
    replays.rememberUrlCheck(APP, ts, "n5", "sig", false);
    assertFalse(replays.isNewHere(APP, ts, "n4", "sig"), "an encrypted push's query is taken");
    assertFalse(replays.isNewHere(APP, ts, "n5", "sig"), "and a URL check's");
  }

  /** A replay guard whose database is not configured, its clock at NOW, a skew of 300 s. */
  private static ReplayGuard withoutDatabase() {
    ReplayGuard replays = new ReplayGuard();
    replays.database = new BridgeDatabase();
    replays.settings = new InboxSettings();
    replays.settings.maxClockSkewSeconds = 300;
    replays.clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    return replays;
  }

  private static String hash(String text) {
    return Digest.SHA_256.hex(bytes(text));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
