package io.wxbridge.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.push.SimulatedWeChat;
import io.wxbridge.push.WeChatAccount;
import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.RecordedRequest;
import io.wxbridge.testing.TestBridge;
import io.wxbridge.wechatapi.WeChatCalls;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keys bound only as server JNDI entries reach the bridge (run by BridgeIT). The account
 * wxjndiconf000001 is listed in bridge-it.properties with its Udesk URL; its Token and AppSecret
 * exist only in JNDI: src/test/wildfly/bridge-it.cli (naming subsystem) and
 * src/test/resources/it/payara-jndi.asadmin (custom resources), with the values below.
 */
public abstract class JndiConfigChecks {
  static final String APP_ID = "wxjndiconf000001";
  static final String TOKEN = "jndiTok3nOnlyInNaming7Rq";
  static final String APP_SECRET = "jndi-app-secret-never-logged-4c8d";

  @Test
  void aTokenBoundOnlyInJndiSignsTheUrlCheck() {
    WeChatAccount account = new WeChatAccount(APP_ID, TOKEN, null, null, false);
    Map<String, String> query =
        SimulatedWeChat.signedQuery(account, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
    query.put("echostr", "jndi-echo");
    SimulatedWeChat.Sent sent = SimulatedWeChat.get(APP_ID, query);
    assertEquals(200, sent.status(), sent.body());
    assertEquals("jndi-echo", sent.body());

    WeChatAccount wrongToken = new WeChatAccount(APP_ID, TOKEN + "x", null, null, false);
    Map<String, String> forged =
        SimulatedWeChat.signedQuery(
            wrongToken, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
    forged.put("echostr", "jndi-echo");
    assertEquals(401, SimulatedWeChat.get(APP_ID, forged).status(), "only the JNDI token signs");
  }

  @Test
  void anAppSecretBoundOnlyInJndiFetchesTheTokenAndIsNeverLogged() throws Exception {
    HttpResponse<String> info = new WeChatCalls(APP_ID).userInfo("o-jndi");
    assertEquals(200, info.statusCode(), info.body());
    List<RecordedRequest> fetches =
        TestBridge.wechat().received(APP_ID, FakeWeChatApi.STABLE_TOKEN);
    assertEquals(1, fetches.size());
    assertEquals(APP_SECRET, WeChatCalls.json(fetches.get(0).bodyText()).getString("secret"));

    String log = TestBridge.serverLog();
    assertTrue(
        log.contains(APP_ID),
        "the log names the account (so the search below reads the right log)");
    assertFalse(log.contains(APP_SECRET), "a JNDI-bound AppSecret is in the server log");
    assertFalse(log.contains(TOKEN), "a JNDI-bound Token is in the server log");
  }
}
