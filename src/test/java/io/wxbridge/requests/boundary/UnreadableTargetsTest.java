package io.wxbridge.requests.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void anUnreadableRequestKeepsOnlyItsFace() {
    assertEquals("/udesk/", UnreadableTargets.faceOf("", "/udesk/%ff%fe/x"));
    assertEquals("/wechat/", UnreadableTargets.faceOf("", "/wechat%ff"));
    assertEquals("/", UnreadableTargets.faceOf("", "/%ff"));
    assertEquals("/ctx/admin/", UnreadableTargets.faceOf("/ctx", "/ctx/admin/%ff"));
  }
}
