package io.wxbridge.push;

import static io.wxbridge.push.PushAuthenticityChecks.assertNotForwarded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.wxbridge.testing.TestBridge;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input WeChat never sends: a clear 4xx in plain text, never a 5xx or a stack trace, and nothing
 * forwarded (run by BridgeIT).
 */
public abstract class PushHostileInputChecks {
  /** bridge.push.max-body-bytes: left at its default in bridge-it.properties. */
  private static final int CAP = 64 * 1024;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(PushMode.class)
  void refusesAnExternalEntity(PushMode mode) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-FILE-CONTENT");
    String sender = "oXxe" + mode + System.nanoTime();
    String xxe =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE xml [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]>\n"
            + "<xml><ToUserName>gh_1</ToUserName><FromUserName>"
            + sender
            + "</FromUserName><CreateTime>1</CreateTime>"
            + "<MsgType>text</MsgType><Content>&x;</Content><MsgId>1</MsgId></xml>";

    SimulatedWeChat.Sent sent = SimulatedWeChat.push(WeChatAccount.AES, mode, xxe);
    assertEquals(400, sent.status(), sent.body());
    assertFalse(
        sent.body().contains("TOP-SECRET"),
        "the refusal does not show the external entity's content");
    assertEquals(0, WeChatReplies.forwardedFrom(sender).size());
    assertClean(sent);
  }

  @Test
  void refusesEntityExpansionAndAnyDoctype() {
    String laughs =
        "<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
            + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
            + "<xml><Content>&d;</Content></xml>";
    assertEquals(400, plaintext(laughs).status());
    assertEquals(
        400, plaintext("<!DOCTYPE xml SYSTEM \"http://127.0.0.1:1/x.dtd\"><xml/>").status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not xml", "{\"MsgType\":\"text\"}", "<xml><Content>unclosed</xml>"})
  void refusesWhatIsNotWellFormedXml(String body) {
    SimulatedWeChat.Sent sent = plaintext(body);
    assertEquals(400, sent.status(), sent.body());
    assertClean(sent);
  }

  @Test
  void refusesAnEncryptedPushWithoutEncryptOrWithGarbageInIt() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "no-encrypt");
    Map<String, String> query =
        SimulatedWeChat.signedQuery(WeChatAccount.AES, "1714112445", "415670741");
    query.put("encrypt_type", "aes");
    query.put("msg_signature", "0000000000000000000000000000000000000000");
    assertEquals(
        400, SimulatedWeChat.post(WeChatAccount.AES.appId(), query, utf8(message)).status());

    String garbage = "this is not base64!";
    query.put(
        "msg_signature",
        me.chanjar.weixin.common.util.crypto.SHA1.gen(
            WeChatAccount.AES.token(), "1714112445", "415670741", garbage));
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.post(
            WeChatAccount.AES.appId(),
            query,
            utf8(SimulatedWeChat.body(PushMode.SAFE, message, garbage)));
    assertEquals(400, sent.status());
    assertClean(sent);
    assertNotForwarded(message);
  }

  @Test
  void refusesABodyOverTheCapByItsContentLength() {
    String message = padded(WeChatMessages.of(WeChatMessages.TEXT, "too-large"), CAP + 1);
    SimulatedWeChat.Sent sent = plaintext(message);
    assertEquals(413, sent.status());
    assertClean(sent);
    assertNotForwarded(message);
  }

  @Test
  void refusesAChunkedBodyOverTheCapWhileReadingIt() {
    String message = padded(WeChatMessages.of(WeChatMessages.TEXT, "too-large-chunked"), 3 * CAP);
    Map<String, String> query =
        SimulatedWeChat.signedQuery(
            WeChatAccount.PLAIN, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.postChunked(WeChatAccount.PLAIN.appId(), query, utf8(message));
    assertEquals(413, sent.status());
    assertNotForwarded(message);
  }

  @Test
  void acceptsABodyOfExactlyTheCap() {
    String message = padded(WeChatMessages.of(WeChatMessages.TEXT, "exactly-the-cap"), CAP);
    assertEquals(CAP, utf8(message).length);
    SimulatedWeChat.Sent sent = plaintext(message);
    assertEquals(200, sent.status(), sent.body());
    assertEquals(
        CAP, WeChatReplies.forwardedFrom(WeChatMessages.sender(message)).get(0).body().length);
  }

  @Test
  void answersAnUnknownAppIdLikeAWrongSignature() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "unknown-appid");
    SimulatedWeChat.Sent wrongSignature =
        SimulatedWeChat.push(
            new WeChatAccount(WeChatAccount.PLAIN.appId(), "not-the-token", null, null, false),
            PushMode.PLAINTEXT,
            message);
    assertEquals(401, wrongSignature.status());
    for (String appId :
        new String[] {"wxpushnobody0001", "wx-not-an-appid", "wxbroken0000000001"}) {
      SimulatedWeChat.Sent sent =
          SimulatedWeChat.push(
              new WeChatAccount(appId, "token", null, null, false), PushMode.PLAINTEXT, message);
      assertEquals(wrongSignature.status(), sent.status(), appId);
      assertEquals(wrongSignature.body(), sent.body(), appId);
      assertClean(sent);
    }
    assertNotForwarded(message);
  }

  @Test
  void refusesAnUnknownEncryptType() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "unknown-encrypt-type");
    Map<String, String> query =
        SimulatedWeChat.signedQuery(
            WeChatAccount.PLAIN, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
    query.put("encrypt_type", "rot13");
    assertEquals(
        400, SimulatedWeChat.post(WeChatAccount.PLAIN.appId(), query, utf8(message)).status());
    assertNotForwarded(message);
  }

  private static SimulatedWeChat.Sent plaintext(String body) {
    Map<String, String> query =
        SimulatedWeChat.signedQuery(
            WeChatAccount.PLAIN, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
    return SimulatedWeChat.post(WeChatAccount.PLAIN.appId(), query, utf8(body));
  }

  /**
   * Anyone can send half a body and close: its sender is gone, so the answer has no body, which the
   * server would otherwise fail to write and log with a stack trace, per request.
   */
  @Test
  void aBodyThatBreaksOffLeavesNoStackTraceInTheLog() throws Exception {
    long tracesBefore = stackTraceLines();
    URI bridge = TestBridge.url("/wechat/" + WeChatAccount.PLAIN.appId() + "?signature=x");
    for (int i = 0; i < 3; i++) {
      try (Socket socket = new Socket(bridge.getHost(), bridge.getPort())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST "
                    + bridge.getRawPath()
                    + "?"
                    + bridge.getRawQuery()
                    + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
                    + "Content-Length: 5000\r\n\r\n<xml>")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.shutdownOutput();
        socket.getInputStream().readAllBytes(); // until the server has answered and closed
      }
    }
    Thread.sleep(2_000); // the server's log handler writes asynchronously
    assertEquals(tracesBefore, stackTraceLines(), "no stack trace logged for a sender that left");
  }

  private static long stackTraceLines() {
    return TestBridge.serverLog().lines().filter(line -> line.startsWith("\tat ")).count();
  }

  /** The message with a comment that brings it to exactly {@code size} bytes. */
  private static String padded(String message, int size) {
    int missing = size - utf8(message).length - "<!---->".length();
    return message.replace("</xml>", "<!--" + "x".repeat(missing) + "--></xml>");
  }

  /** A short text answer: no 5xx, no stack trace, no HTML error page. */
  private static void assertClean(SimulatedWeChat.Sent sent) {
    assertFalse(sent.status() >= 500, "never a 5xx");
    assertFalse(
        sent.body().contains("Exception")
            || sent.body().contains("\tat ")
            || sent.body().contains("<html"),
        "no exception, stack trace or HTML page in the answer: " + sent.body());
    assertEquals(
        "text/plain",
        sent.response().headers().firstValue("Content-Type").orElse("").split(";")[0]);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
