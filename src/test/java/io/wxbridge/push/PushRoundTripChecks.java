package io.wxbridge.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeUdesk;
import io.wxbridge.testing.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every message and event type of docs/protocol.md §3, and types the bridge does not know, in all
 * three modes: Udesk gets the plaintext XML byte for byte, and WeChat gets Udesk's reply, encrypted
 * in compatible and safe mode (run by BridgeIT).
 */
public abstract class PushRoundTripChecks {
  private static final Logger FIGURES = Logger.getLogger("push.figures");

  static Stream<Arguments> everyKindInEveryMode() {
    return WeChatMessages.ALL.stream()
        .flatMap(kind -> Stream.of(PushMode.values()).map(mode -> Arguments.of(kind, mode)));
  }

  @ParameterizedTest(name = "{0} in {1} mode")
  @MethodSource("everyKindInEveryMode")
  void udeskGetsThePlaintextAndWeChatGetsTheReply(WeChatMessages.Kind kind, PushMode mode) {
    String message = WeChatMessages.of(kind, FakeUdesk.MARK_REPLY);
    SimulatedWeChat.Sent sent = SimulatedWeChat.push(WeChatAccount.AES, mode, message);
    FIGURES.info(
        () -> "round trip " + kind + " in " + mode + " mode: " + sent.elapsed().toMillis() + " ms");

    assertEquals(200, sent.status(), sent.body());
    List<RecordedRequest> forwarded = WeChatReplies.forwardedFrom(WeChatMessages.sender(message));
    assertEquals(1, forwarded.size(), "forwarded once");
    RecordedRequest udesk = forwarded.get(0);
    assertArrayEquals(message.getBytes(StandardCharsets.UTF_8), udesk.body(), "byte for byte");
    assertEquals("POST", udesk.method());
    assertEquals(
        "/weixin/olloowpoeakkskknx0ijm", udesk.path(), "the account's Udesk URL as configured");
    assertEquals("channel=push&n=1", udesk.query());
    String contentType = udesk.header("Content-Type").toLowerCase().replace(" ", "");
    assertTrue(
        contentType.startsWith("text/xml") && contentType.contains("charset=utf-8"),
        "the reply is text/xml in UTF-8: " + contentType);

    String reply =
        mode == PushMode.PLAINTEXT ? sent.body() : WeChatReplies.decrypt(WeChatAccount.AES, sent);
    assertEquals(FakeUdesk.REPLY, reply, "Udesk's reply, Chinese and emoji intact");
  }

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(PushMode.class)
  void chineseAndEmojiArriveIntactBothWays(PushMode mode) {
    String text = "繁體與简体 𠮷野家 👍🏽 👨‍👩‍👧 🇨🇳 café ①";
    String message =
        WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_REPLY + " unicode")
            .replace("你好，我想咨询一下 😀", text);
    SimulatedWeChat.Sent sent = SimulatedWeChat.push(WeChatAccount.AES, mode, message);

    RecordedRequest udesk = WeChatReplies.forwardedFrom(WeChatMessages.sender(message)).get(0);
    assertTrue(
        udesk.bodyText().contains(text), "Udesk gets the text unchanged: " + udesk.bodyText());
    assertArrayEquals(message.getBytes(StandardCharsets.UTF_8), udesk.body());
    String reply =
        mode == PushMode.PLAINTEXT ? sent.body() : WeChatReplies.decrypt(WeChatAccount.AES, sent);
    assertTrue(reply.contains("你好 😀"), "Chinese and emoji survive the round trip: " + reply);
  }

  /** WeChat reads UTF-8 only: a reply Udesk wrote in GBK reaches the follower re-encoded. */
  @ParameterizedTest(name = "{0} mode")
  @EnumSource(PushMode.class)
  void aReplyUdeskWroteInGbkReachesWeChatInUtf8(PushMode mode) {
    String message = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_GBK);
    SimulatedWeChat.Sent sent = SimulatedWeChat.push(WeChatAccount.AES, mode, message);

    assertEquals(200, sent.status(), sent.body());
    String reply =
        mode == PushMode.PLAINTEXT ? sent.body() : WeChatReplies.decrypt(WeChatAccount.AES, sent);
    assertEquals(FakeUdesk.GBK_REPLY.replace("encoding=\"GBK\"", "encoding=\"UTF-8\""), reply);
  }

  /**
   * WeChat puts a follower's control characters into CDATA unescaped (XML 1.0 forbids them): the
   * push is read all the same, and Udesk gets it byte for byte.
   */
  @ParameterizedTest(name = "{0} mode")
  @EnumSource(PushMode.class)
  void controlCharactersInAFollowersTextArriveAsWeChatSentThem(PushMode mode) {
    String text = "a\u001Db\u0010c\u0002d";
    String message =
        WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_REPLY + " controls")
            .replace("你好，我想咨询一下 😀", text);
    assertTrue(message.contains(text), "the template still has the text replaced: " + message);
    SimulatedWeChat.Sent sent = SimulatedWeChat.push(WeChatAccount.AES, mode, message);

    assertEquals(200, sent.status(), sent.body());
    RecordedRequest udesk = WeChatReplies.forwardedFrom(WeChatMessages.sender(message)).get(0);
    assertArrayEquals(message.getBytes(StandardCharsets.UTF_8), udesk.body(), "byte for byte");
    String reply =
        mode == PushMode.PLAINTEXT ? sent.body() : WeChatReplies.decrypt(WeChatAccount.AES, sent);
    assertEquals(FakeUdesk.REPLY, reply);
  }

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(PushMode.class)
  void anEmptyAnswerFromUdeskStaysEmpty(PushMode mode) {
    String message = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_EMPTY);
    SimulatedWeChat.Sent sent = SimulatedWeChat.push(WeChatAccount.AES, mode, message);

    assertEquals(200, sent.status());
    assertEquals("", sent.body(), "WeChat reads an empty body as 'nothing to say'");
    assertEquals(1, WeChatReplies.forwardedFrom(WeChatMessages.sender(message)).size());
  }

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(PushMode.class)
  void udeskSayingSuccessIsAnEmptyAnswer(PushMode mode) {
    String message = WeChatMessages.of(WeChatMessages.CLICK, FakeUdesk.MARK_SUCCESS);
    SimulatedWeChat.Sent sent = SimulatedWeChat.push(WeChatAccount.AES, mode, message);
    assertEquals(200, sent.status());
    assertEquals("", sent.body());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plaintextKinds")
  void aPlaintextOnlyAccountRelaysToo(WeChatMessages.Kind kind) {
    String message = WeChatMessages.of(kind, FakeUdesk.MARK_REPLY);
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.push(WeChatAccount.PLAIN, PushMode.PLAINTEXT, message);
    assertEquals(200, sent.status());
    assertEquals(FakeUdesk.REPLY, sent.body());
    List<RecordedRequest> forwarded = WeChatReplies.forwardedFrom(WeChatMessages.sender(message));
    assertEquals("/weixin/pushplain", forwarded.get(0).path());
    assertArrayEquals(message.getBytes(StandardCharsets.UTF_8), forwarded.get(0).body());
  }

  @ParameterizedTest(name = "Content-Type \"{0}\"")
  @ValueSource(
      strings = {
        "application/x-www-form-urlencoded",
        "application/xml; charset=UTF-8",
        "text/plain",
        ""
      })
  void theBodyIsForwardedWhateverItsDeclaredContentType(String contentType) {
    String message = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_REPLY + " content-type");
    Map<String, String> query =
        SimulatedWeChat.signedQuery(
            WeChatAccount.PLAIN, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
    SimulatedWeChat.Sent sent =
        SimulatedWeChat.post(
            WeChatAccount.PLAIN.appId(),
            query,
            message.getBytes(StandardCharsets.UTF_8),
            contentType);

    assertEquals(200, sent.status(), sent.body());
    assertEquals(FakeUdesk.REPLY, sent.body());
    assertArrayEquals(
        message.getBytes(StandardCharsets.UTF_8),
        WeChatReplies.forwardedFrom(WeChatMessages.sender(message)).get(0).body());
  }

  static Stream<WeChatMessages.Kind> plaintextKinds() {
    return Stream.of(
        WeChatMessages.TEXT, WeChatMessages.SUBSCRIBE_QRSCENE, WeChatMessages.UNKNOWN_TYPE);
  }
}
