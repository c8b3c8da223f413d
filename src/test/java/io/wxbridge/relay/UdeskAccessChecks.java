package io.wxbridge.relay;

import static io.wxbridge.relay.UdeskClient.FORM;
import static io.wxbridge.relay.UdeskClient.HIDDEN;
import static io.wxbridge.relay.UdeskClient.HIDDEN_PATH;
import static io.wxbridge.relay.UdeskClient.OPEN;
import static io.wxbridge.relay.UdeskClient.apiCalls;
import static io.wxbridge.relay.UdeskClient.json;
import static io.wxbridge.relay.UdeskClient.lastCall;
import static io.wxbridge.relay.UdeskClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.TestBridge;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Who may use the Udesk face: an account with a udesk-path answers only there; callers outside
 * bridge.udesk.allowed-ips are refused with 403, X-Forwarded-For being believed only from the
 * trusted proxy (loopback in the tests) and read from its right-most untrusted hop (run by
 * BridgeIT).
 */
public abstract class UdeskAccessChecks {
  /** No udesk-path and no allow-list (bridge-it.properties). */
  private static final String UNPROTECTED = "wxrelayopen000001";

  private static final String SEND = "touser=o1&msgtype=text&text[content]=hi";

  @Test
  void anAccountWithAnUdeskPathAnswersOnlyThere() {
    HttpResponse<String> there = post("/udesk/" + HIDDEN_PATH, FORM, SEND);
    assertEquals(200, there.statusCode(), there.body());
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"}}",
        lastCall(HIDDEN, FakeWeChatApi.CUSTOM_SEND).bodyText());
    assertEquals(
        200,
        UdeskClient.get("/udesk/" + HIDDEN_PATH + "/template/get_all_private_template")
            .statusCode());
    assertEquals(
        200, UdeskClient.get("/udesk/" + HIDDEN_PATH + "?openid=o1&lang=zh_CN").statusCode());

    int before = apiCalls(HIDDEN).size();
    HttpResponse<String> unknown = post("/udesk/wxnobody000000001", FORM, SEND);
    for (String url :
        new String[] {
          "/udesk/" + HIDDEN,
          "/udesk?appid=" + HIDDEN,
          "/udesk?appid=" + HIDDEN_PATH,
          "/udesk/message/template/send?appid=" + HIDDEN
        }) {
      HttpResponse<String> refused = post(url, FORM, SEND);
      assertEquals(404, refused.statusCode(), url);
      assertEquals(
          unknown.body(), refused.body(), "indistinguishable from an unknown account: " + url);
    }
    assertEquals(before, apiCalls(HIDDEN).size());
  }

  @Test
  void anUdeskPathDoesNotLetCallersOutsideTheAccountsAllowListIn() {
    int before = apiCalls(HIDDEN).size();
    HttpResponse<String> outside =
        post("/udesk/" + HIDDEN_PATH, FORM, SEND, "X-Forwarded-For", "203.0.113.7");
    assertEquals(403, outside.statusCode(), "the path alone does not let a stranger in");
    assertEquals(40164, json(outside).getInt("errcode"), outside.body());
    assertEquals(before, apiCalls(HIDDEN).size(), "nothing reached WeChat");

    HttpResponse<String> inside =
        post("/udesk/" + HIDDEN_PATH, FORM, SEND, "X-Forwarded-For", "10.9.1.1");
    assertEquals(200, inside.statusCode(), inside.body());
    assertEquals(before + 1, apiCalls(HIDDEN).size());
  }

  @Test
  void callersOutsideTheAllowedNetworksAreRefused() {
    int before = apiCalls(OPEN).size();
    for (String forwarded : new String[] {"203.0.113.7", "10.9.1.1, 203.0.113.7", "2001:db8::7"}) {
      HttpResponse<String> refused =
          post("/udesk/" + OPEN, FORM, SEND, "X-Forwarded-For", forwarded);

      assertEquals(403, refused.statusCode(), forwarded);
      assertTrue(
          refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
          "the 403 is WeChat-shaped JSON");
      assertEquals(40164, json(refused).getInt("errcode"));
      assertTrue(
          json(refused).getString("errmsg").contains("not in whitelist"),
          "the refusal says the caller is not in whitelist: " + refused.body());
      assertTrue(
          json(refused)
              .getString("errmsg")
              .contains("bridge.account." + OPEN + ".udesk-allowed-ips"),
          "the refusal names the account's udesk-allowed-ips key: " + refused.body());
    }
    assertEquals(before, apiCalls(OPEN).size(), "nothing reached WeChat");
  }

  @Test
  void anUnprotectedFaceIsRefusedWithTheKeyToSetNamed() {
    int before = apiCalls(UNPROTECTED).size();
    for (String url :
        new String[] {
          "/udesk/" + UNPROTECTED,
          "/udesk?appid=" + UNPROTECTED,
          "/udesk/" + UNPROTECTED + "/message/template/send"
        }) {
      HttpResponse<String> refused = post(url, FORM, SEND);
      assertEquals(403, refused.statusCode(), url + " " + refused.body());
      assertTrue(
          refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
          "the 403 is WeChat-shaped JSON: " + url + " " + refused.body());
      assertEquals(48001, json(refused).getInt("errcode"), refused.body());
      String errmsg = json(refused).getString("errmsg");
      assertTrue(
          errmsg.contains("bridge.account." + UNPROTECTED + ".udesk-path"),
          "the refusal names the account's udesk-path key: " + errmsg);
      assertTrue(
          errmsg.contains("bridge.udesk.allowed-ips"),
          "the refusal names the shared allow list key: " + errmsg);
    }
    HttpResponse<String> read = UdeskClient.get("/udesk/" + UNPROTECTED + "?openid=o1&lang=zh_CN");
    assertEquals(403, read.statusCode(), "reads are refused too: user info is personal data");
    assertEquals(before, apiCalls(UNPROTECTED).size(), "nothing reached WeChat");
  }

  @Test
  void callersInsideTheAllowedNetworksAreServed() {
    // the right-most hop our proxy saw decides; what the caller wrote to the left of it does not
    for (String forwarded : new String[] {"10.9.1.1", "203.0.113.7, 10.9.1.1", "127.0.0.1"}) {
      HttpResponse<String> allowed =
          post("/udesk/" + OPEN, FORM, SEND, "X-Forwarded-For", forwarded);
      assertEquals(200, allowed.statusCode(), forwarded + " " + allowed.body());
    }
    assertEquals(
        200, post("/udesk/" + OPEN, FORM, SEND).statusCode(), "loopback itself is allowed");
  }

  @Test
  void otherFacesAreNotRestricted() {
    HttpResponse<String> health =
        UdeskClient.get("/health/ready", "X-Forwarded-For", "203.0.113.7");
    assertFalse(
        health.statusCode() == 403,
        "the health endpoint is not behind the Udesk allow list: " + health.body());
  }

  @Test
  void theStartupLogReportsTheListsAndNeverTheUdeskPath() {
    String log = TestBridge.serverLog();
    assertTrue(
        log.contains("bridge.account." + OPEN + ".udesk-allowed-ips: [127.0.0.0/8"),
        "the allowed networks are logged at start");
    assertFalse(
        log.contains("The Udesk face of " + OPEN), "no warning: its udesk-allowed-ips is set");
    assertTrue(
        log.contains(
            "The Udesk face of "
                + UNPROTECTED
                + " refuses every call: it is not protected. Set bridge.account."
                + UNPROTECTED
                + ".udesk-path"),
        "the start-up log says which face is closed and which key opens it");
    post(
        "/udesk/" + HIDDEN_PATH + "/no/such/call", FORM, SEND); // a refusal is logged with its path
    assertFalse(
        TestBridge.serverLog().contains(HIDDEN_PATH), "a udesk-path is a secret: never logged");
  }
}
