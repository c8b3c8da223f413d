package io.wxbridge.token.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenAnswerTest {
  @Test
  void readsATokenAnswer() {
    TokenAnswer answer = parse("{\"access_token\":\"ACCESS_TOKEN\",\"expires_in\":7200}");
    assertEquals(Optional.of("ACCESS_TOKEN"), answer.accessToken());
    assertEquals(Optional.of(7200L), answer.expiresIn());
    assertFalse(answer.isError(), "a token answer is not an error");
    assertFalse(answer.toString().contains("ACCESS_TOKEN"), "toString() hides the access token");
  }

  @Test
  void readsWeChatsRefusal() {
    TokenAnswer answer =
        parse(
            "{\"errcode\":40164,\"errmsg\":\"invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist\"}");
    assertTrue(answer.isError(), "an errcode answer is an error");
    assertEquals(40164, answer.errcode());
    assertTrue(answer.errmsg().startsWith("invalid ip 1.2.3.4"), "WeChat's errmsg is kept as sent");
    assertEquals(Optional.empty(), answer.accessToken());
  }

  @Test
  void acceptsExpiresInAsTextFromATokenServer() {
    assertEquals(
        Optional.of(3600L), parse("{\"access_token\":\"x\",\"expires_in\":\"3600\"}").expiresIn());
  }

  @Test
  void anythingElseIsUnreadable() {
    for (String body :
        new String[] {"", "<html>502 Bad Gateway</html>", "[1,2]", "{\"access_token\":\"\"}"}) {
      TokenAnswer answer = parse(body);
      assertEquals(Optional.empty(), answer.accessToken(), body);
      assertFalse(answer.isError(), "a token answer is not an error: " + body);
    }
  }

  private static TokenAnswer parse(String body) {
    return TokenAnswer.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anAnswerNestedDeeperThanAnyTokenAnswerIsUnreadable() {
    TokenAnswer deep = parse("{\"errcode\":0,\"x\":" + "[".repeat(2_000) + "}");
    assertEquals(Optional.empty(), deep.accessToken());
    assertFalse(deep.isError());
  }
}
