package io.wxbridge.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenExceptionTest {
  @Test
  void passesTheErrcodeOnButKeepsWeChatsMessageForTheLog() {
    TokenException refused =
        TokenException.refused(
            40164, "invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist rid: 1");
    assertEquals(40164, refused.errcode());
    assertEquals(502, refused.status());
    assertTrue(
        refused.getMessage().contains("IP whitelist"), "the caller is told what 40164 means");
    assertFalse(
        refused.getMessage().contains("203.0.113.9"), "the caller is not told the bridge's IP");
    assertTrue(refused.wechatMessage().contains("203.0.113.9"), "the log gets WeChat's own errmsg");
  }

  @Test
  void onlyARefusalIsWaitedOut() {
    assertTrue(
        TokenException.refused(40125, null).isRefusal(),
        "a refusal without errmsg is still a refusal");
    assertFalse(TokenException.Retryable.busy().isRefusal(), "busy is retried, not waited out");
    assertFalse(
        TokenException.Retryable.unreachable("WeChat's token endpoint").isRefusal(),
        "unreachable is retried");
    assertFalse(
        TokenException.noAnswer("The token server").isRefusal(), "no answer is not a refusal");
    assertEquals(503, TokenException.appSecretMissing("wx1").status());
  }
}
