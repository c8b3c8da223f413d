package io.wxbridge.requests.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UnreadableTargetsTest {

  @Test
  void aPathIsReadableWhenItsPercentEncodingIsUtf8() {
    assertTrue(UnreadableTargets.readable("/udesk/RelayPath-0123/cgi-bin/user/info"));
    assertTrue(UnreadableTargets.readable("/udesk/%E4%B8%AD;x=1"));
    assertTrue(UnreadableTargets.readable("/wechat/wx01%2F"));
    assertFalse(UnreadableTargets.readable("/udesk/%ff%fe"));
    assertFalse(UnreadableTargets.readable("/udesk/%C0%AF")); // overlong
    assertFalse(UnreadableTargets.readable("/udesk/%E4%B8"));
    assertFalse(UnreadableTargets.readable("/udesk/%zz"));
    assertFalse(UnreadableTargets.readable("/udesk/%4"));
    assertFalse(UnreadableTargets.readable("/udesk/中"));
  }

  @Test
  void whatTheCheapCheckPassesIsAlwaysAUri() throws URISyntaxException {
    Random random = new Random(20261205);
    int passed = 0;
    for (int i = 0; i < 200_000; i++) {
      String host = randomText(random, 1 + random.nextInt(12), false);
      String path = "/" + randomText(random, random.nextInt(24), true);
      if (UnreadableTargets.plainHost(host)
          && UnreadableTargets.readable(path)
          && UnreadableTargets.plainPath(path)) {
        new URI("http://" + host + ":8080" + path); // throws if the check let a non-URI through
        passed++;
      }
    }
    assertTrue(passed > 1_000, "too few samples passed the check to tell: " + passed);
  }

  @Test
  void whatTheCheapCheckCannotTellIsParsed() {
    assertTrue(UnreadableTargets.plainHost("bridge.example-1.com"));
    assertFalse(UnreadableTargets.plainHost("[zz]"));
    assertFalse(UnreadableTargets.plainHost("[::1]")); // a URI, but left to the parse
    assertFalse(UnreadableTargets.plainHost("bridge_1"));
    assertFalse(UnreadableTargets.plainHost(""));
    assertTrue(UnreadableTargets.plainPath("/udesk/p/cgi-bin/message/custom/send;x=1"));
    assertFalse(UnreadableTargets.plainPath("/udesk/{x}"));
    assertFalse(UnreadableTargets.plainPath("/udesk/a b"));
    assertFalse(UnreadableTargets.plainPath("udesk"));
  }

  /** Mostly characters the check passes, now and then any other ASCII character. */
  private static String randomText(Random random, int length, boolean path) {
    String usual = path ? "abcXYZ019-_.!~*'():@&=+$,;/%" : "abcXYZ019.-";
    String hex = "0123456789abcdefABCDEF";
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int pick = random.nextInt(20);
      if (pick == 0) {
        text.append((char) random.nextInt(0x80));
      } else if (path && pick == 1) {
        text.append('%')
            .append(hex.charAt(random.nextInt(8)))
            .append(hex.charAt(random.nextInt(22)));
      } else {
        text.append(usual.charAt(random.nextInt(usual.length())));
      }
    }
    return text.toString();
  }

  @Test
  void anUnreadableRequestKeepsOnlyItsFace() {
    assertEquals("/udesk/", UnreadableTargets.faceOf("", "/udesk/%ff%fe/x"));
    assertEquals("/wechat/", UnreadableTargets.faceOf("", "/wechat%ff"));
    assertEquals("/", UnreadableTargets.faceOf("", "/%ff"));
    assertEquals("/ctx/admin/", UnreadableTargets.faceOf("/ctx", "/ctx/admin/%ff"));
  }
}
