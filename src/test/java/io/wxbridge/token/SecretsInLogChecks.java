package io.wxbridge.token;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.TestBridge;
import io.wxbridge.wechatapi.WeChatCalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No AppSecret and no access token the fake WeChat issued ever appears in the server's log (run by
 * BridgeIT; the more of the suite has run before it, the more it covers).
 */
public abstract class SecretsInLogChecks {
  private static final Pattern APP_SECRET =
      Pattern.compile("(?m)^bridge\\.account\\.[^.]+\\.app-secret=(.+)$");

  @Test
  void noAppSecretAndNoAccessTokenIsLogged() throws Exception {
    new WeChatCalls("wxtokencache00001").userInfo("o-log");
    new WeChatCalls("wxtokenclassic001").sendText("o-log", "log me not");
    List<String> tokens = TestBridge.wechat().allIssuedTokens();
    assertFalse(
        tokens.isEmpty(), "the suite has fetched tokens, so there is something to look for");
    String log = TestBridge.serverLog();
    assertTrue(
        log.contains("new access token"), "the log talks about tokens, without showing them");
    for (String token : tokens) {
      assertFalse(log.contains(token), "an access token is in the server log");
    }
    List<String> secrets = appSecrets();
    assertFalse(secrets.isEmpty(), "the IT configuration has AppSecrets to look for in the log");
    for (String secret : secrets) {
      assertFalse(log.contains(secret), "an AppSecret is in the server log");
    }
  }

  private static List<String> appSecrets() throws IOException {
    try (InputStream config =
        SecretsInLogChecks.class.getResourceAsStream("/it/bridge-it.properties")) {
      Matcher secret =
          APP_SECRET.matcher(new String(config.readAllBytes(), StandardCharsets.UTF_8));
      List<String> found = new ArrayList<>();
      while (secret.find()) {
        found.add(secret.group(1).trim());
      }
      return found;
    }
  }
}
