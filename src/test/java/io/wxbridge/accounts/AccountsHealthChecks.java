package io.wxbridge.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.push.WeChatAccount;
import io.wxbridge.testing.TestBridge;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The accounts the bridge serves, as its log and GET /admin/status report them, and what anonymous
 * callers of /health learn: status only (run by BridgeIT).
 */
public abstract class AccountsHealthChecks {

  @Test
  void anonymousHealthGivesStatusButNoAppIdTokenStateOrProblem() {
    for (String path : new String[] {"/health/ready", "/health/live", "/health"}) {
      HttpResponse<String> health = TestBridge.get(path);
      assertEquals(200, health.statusCode(), path + " " + health.body());
      assertTrue(
          health.body().contains("\"status\":\"UP\""), "health reports UP: " + health.body());
      assertFalse(health.body().contains("wx"), "no AppID: " + health.body());
      assertFalse(
          health.body().contains("bridge.account."), "no configuration problem: " + health.body());
      assertFalse(
          health.body().contains("held") || health.body().contains("refused"),
          "no token state: " + health.body());
    }
  }

  @Test
  void adminStatusListsTheServedAccountAndNamesTheBrokenKeys() {
    HttpResponse<String> status = TestBridge.adminStatus();

    assertEquals(200, status.statusCode(), status.body());
    assertTrue(
        status.body().contains("\"wx00000000000000a1\""),
        "the served account is listed: " + status.body());
    assertTrue(
        status.body().contains("bridge.account.wxbroken0000000001.token"),
        "names the broken token key: " + status.body());
    assertTrue(
        status.body().contains("bridge.account.wxbroken0000000001.encoding-aes-key"),
        "names the broken encoding-aes-key: " + status.body());
    assertTrue(
        status.body().contains("bridge.account.wxbroken0000000001.udesk-url"),
        "names the broken udesk-url key: " + status.body());
    assertTrue(
        status
            .body()
            .contains(
                "\"wxrelayopen000001\":{\"wechat-url\":\"/wechat/wxrelayopen000001\","
                    + "\"modes\":\"plaintext\",\"udesk-face\":\"not protected"),
        "says which Udesk face is closed: " + status.body());
    assertTrue(
        status.body().contains("\"udesk-face\":\"protected by its udesk-path and its allow-list\""),
        "says that a face with a udesk-path also checks its allow-list: " + status.body());
  }

  @Test
  void adminStatusIsForAdministratorsOnly() {
    for (String[] headers :
        new String[][] {
          {},
          {"Authorization", "Bearer wrong-key"},
          {"Authorization", "Basic " + TestBridge.ADMIN_KEY},
          {"X-Forwarded-For", "203.0.113.7"},
          {"X-Forwarded-For", "10.9.1.1, 203.0.113.7"}
        }) {
      HttpResponse<String> refused = TestBridge.get("/admin/status", headers);
      assertEquals(401, refused.statusCode(), String.join(" ", headers) + refused.body());
      assertFalse(refused.body().contains("wx"), "the refusal shows no AppID: " + refused.body());
      assertTrue(
          refused.body().contains("bridge.admin.api-key"), "names the key: " + refused.body());
    }
    HttpResponse<String> byAddress = TestBridge.get("/admin/status", "X-Forwarded-For", "10.9.1.1");
    assertEquals(
        200, byAddress.statusCode(), "a caller inside bridge.admin.allowed-ips needs no key");
    assertTrue(
        byAddress.body().contains("wx00000000000000a1"),
        "the status lists the served account: " + byAddress.body());
  }

  @Test
  void startupLogNamesTheBrokenKeysWithoutTheirValues() {
    String log = TestBridge.serverLog();
    assertTrue(
        log.contains("bridge.account.wxbroken0000000001.encoding-aes-key"),
        "log names the broken key");
    assertFalse(log.contains("tooshort"), "log never shows a configured value");
    assertFalse(log.contains(TestBridge.ADMIN_KEY), "the admin key is never logged");
  }

  @Test
  void adminStatusShowsWhatTheInboxHoldsForEveryConfiguredAccount() {
    HttpResponse<String> status = TestBridge.adminStatus();
    assertEquals(200, status.statusCode(), status.body());
    JsonObject inbox =
        Json.createReader(new StringReader(status.body())).readObject().getJsonObject("inbox");
    for (WeChatAccount account :
        List.of(
            WeChatAccount.V1,
            WeChatAccount.V3,
            WeChatAccount.PLAIN,
            WeChatAccount.AES,
            WeChatAccount.ENCRYPTED_ONLY,
            WeChatAccount.UDESK_DOWN)) {
      JsonObject counts = inbox.getJsonObject(account.appId());
      assertTrue(
          counts != null,
          "every configured account is listed, with or without open pushes: "
              + account.appId()
              + " in "
              + inbox);
      for (String count : new String[] {"pending", "retrying", "expired", "unsent-replies"}) {
        assertTrue(
            counts.getJsonNumber(count).longValue() >= 0,
            "the inbox shows the " + count + " count: " + counts);
      }
    }
  }
}
