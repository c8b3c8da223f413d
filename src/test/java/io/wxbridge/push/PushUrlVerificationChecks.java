package io.wxbridge.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wxbridge.testing.TestBridge;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The URL check WeChat makes when the admin saves the server configuration, and what the server's
 * HTTP listener shows every client as server-config sets it up (run by BridgeIT).
 */
public abstract class PushUrlVerificationChecks {

  @Test
  void echoesEchostrForTheOfficialExample() {
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.get(
            WeChatAccount.V3.appId(),
            Map.of(
                "signature",
                "f464b24fc39322e44b38aa78f5edd27bd1441696",
                "timestamp",
                "1714036504",
                "nonce",
                "1514711492",
                "echostr",
                "4375120948345356249"));
    assertEquals(200, sent.status());
    assertEquals("4375120948345356249", sent.body(), "the echostr exactly, nothing around it");
    assertTrue(
        sent.response().headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
        "the echo is text/plain");
    assertEquals(
        "nosniff",
        sent.response().headers().firstValue("X-Content-Type-Options").orElse(""),
        "taken as the text it says it is");
  }

  @Test
  void echoesEchostrForEveryModeOfAccount() {
    for (WeChatAccount account :
        new WeChatAccount[] {
          WeChatAccount.PLAIN, WeChatAccount.AES, WeChatAccount.ENCRYPTED_ONLY
        }) {
      Map<String, String> query =
          SimulatedWeChat.signedQuery(
              account, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
      query.put("echostr", "echo-" + account.appId() + "-中文");
      SimulatedWeChat.Sent sent = SimulatedWeChat.get(account.appId(), query);
      assertEquals(200, sent.status(), account.appId());
      assertEquals("echo-" + account.appId() + "-中文", sent.body());
    }
  }

  @Test
  void refusesAWrongSignatureWithoutEcho() {
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.get(
            WeChatAccount.V3.appId(),
            Map.of(
                "signature",
                "f464b24fc39322e44b38aa78f5edd27bd1441697",
                "timestamp",
                "1714036504",
                "nonce",
                "1514711492",
                "echostr",
                "4375120948345356249"));
    assertEquals(401, sent.status());
    assertFalse(sent.body().contains("4375120948345356249"), "no echo");
  }

  @Test
  void refusesTheRightSignatureOfAnotherAccount() {
    Map<String, String> query =
        SimulatedWeChat.signedQuery(WeChatAccount.PLAIN, "1714036504", "1514711492");
    query.put("echostr", "123456");
    assertEquals(401, SimulatedWeChat.get(WeChatAccount.AES.appId(), query).status());
  }

  @Test
  void refusesMissingParameters() {
    assertEquals(401, SimulatedWeChat.get(WeChatAccount.PLAIN.appId(), Map.of()).status());
    Map<String, String> noSignature = Map.of("timestamp", "1714036504", "echostr", "123456");
    assertEquals(401, SimulatedWeChat.get(WeChatAccount.PLAIN.appId(), noSignature).status());
    Map<String, String> noEcho =
        SimulatedWeChat.signedQuery(WeChatAccount.PLAIN, "1714036504", "1514711492");
    SimulatedWeChat.Sent sent = SimulatedWeChat.get(WeChatAccount.PLAIN.appId(), noEcho);
    assertEquals(400, sent.status());
    assertEquals("echostr missing: WeChat's URL check always sends one", sent.body());
    noEcho.put("echostr", "");
    assertEquals(400, SimulatedWeChat.get(WeChatAccount.PLAIN.appId(), noEcho).status());
    assertEquals(
        401,
        SimulatedWeChat.get("wxpushnobody0001", noEcho).status(),
        "an AppID the bridge does not serve: the signature is checked first");
  }

  @Test
  void answersAnUnknownAppIdLikeAWrongSignature() {
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.get(
            "wxpushnobody0001",
            Map.of(
                "signature",
                "f464b24fc39322e44b38aa78f5edd27bd1441696",
                "timestamp",
                "1714036504",
                "nonce",
                "1514711492",
                "echostr",
                "4375120948345356249"));
    SimulatedWeChat.Sent wrong =
        SimulatedWeChat.get(
            WeChatAccount.PLAIN.appId(),
            Map.of(
                "signature",
                "f464b24fc39322e44b38aa78f5edd27bd1441696",
                "timestamp",
                "1714036504",
                "nonce",
                "1514711492",
                "echostr",
                "4375120948345356249"));
    assertEquals(401, sent.status());
    assertEquals(wrong.status(), sent.status());
    assertEquals(
        wrong.body(), sent.body(), "a stranger cannot tell a served AppID from an unknown one");
    assertFalse(
        sent.body().contains("4375120948345356249"),
        "an unknown AppID gets no echo: " + sent.body());
  }

  /**
   * No response names the server product or version (server-config/pre-boot-commands.asadmin on
   * Payara; WildFly sends neither header by default).
   */
  @Test
  void noAnswerNamesTheServerProduct() {
    java.net.http.HttpResponse<String> answer =
        io.wxbridge.testing.TestBridge.get("/wechat/" + WeChatAccount.PLAIN.appId());
    assertEquals(401, answer.statusCode(), "the bridge itself answered: " + answer.body());
    assertFalse(answer.headers().firstValue("Server").isPresent(), answer.headers().toString());
    assertFalse(
        answer.headers().firstValue("X-Powered-By").isPresent(), answer.headers().toString());
  }

  /**
   * On WildFly a client that asks for HTTP/2 over plain HTTP (h2c), as the JDK's HttpClient does by
   * default, is answered in HTTP/1.1 (server-config/wildfly.cli; without it Undertow grants the
   * upgrade and this fails). Payara keeps HTTP/2: switched off, Grizzly never reads the body of a
   * request that asks for h2c (docs/relay.md, "HTTP/2").
   */
  @Test
  void wildFlyAnswersAClientAskingForH2cInHttp11() throws Exception {
    assumeTrue(TestBridge.onWildFly(), "Payara keeps HTTP/2 (docs/relay.md)");
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(TestBridge.url("/wechat/" + WeChatAccount.PLAIN.appId()))
            .timeout(Duration.ofSeconds(10))
            .build();
    // each asks for the upgrade: the first on a new connection, the second on the kept-alive one
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(401, answer.statusCode(), "the bridge itself answered: " + answer.body());
      assertEquals(HttpClient.Version.HTTP_1_1, answer.version(), "request " + (i + 1));
    }
  }
}
