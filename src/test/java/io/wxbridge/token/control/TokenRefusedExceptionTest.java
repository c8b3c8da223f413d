package io.wxbridge.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenRefusedExceptionTest {
  @Test
  void passesTheErrcodeOnButKeepsWeChatsMessageForTheLog() {
    TokenRefusedException refused = new TokenRefusedException(40164,
        "invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist rid: 1");
    assertEquals(40164, refused.errcode());
    assertEquals(502, refused.status());
    assertTrue(refused.getMessage().contains("IP whitelist"), "the refusal tells the caller to check the IP whitelist");
    assertFalse(refused.getMessage().contains("203.0.113.9"), "the caller is not told the bridge's IP");
    assertTrue(refused.wechatMessage().contains("203.0.113.9"), "WeChat's own message, kept for the log, names the IP WeChat saw");
  }
}
