package io.wxbridge.push.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.push.entity.PushReply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What WeChat gets for each thing Udesk can answer (docs/protocol.md §4 and §8: Udesk §1). */
class PassiveReplyValidatorTest {
  static final String REPLY =
      "<xml><ToUserName><![CDATA[oUser]]></ToUserName><FromUserName><![CDATA[gh_1]]>"
          + "</FromUserName><CreateTime>12345678</CreateTime><MsgType><![CDATA[text]]></MsgType>"
          + "<Content><![CDATA[你好 😀]]></Content></xml>";

  private final PassiveReplyValidator validator = new PassiveReplyValidator();

  PassiveReplyValidatorTest() {
    validator.parser = new HardenedXmlParser();
  }

  /** A retry the inbox answered with an earlier attempt's outcome is logged and counted as one. */
  @Test
  void anEarlierAttemptsOutcomeIsTheAnswerToARetry() {
    PushReply delivered =
        validator.replyFrom(UdeskDelivery.answered(utf8(REPLY), Duration.ZERO).ofEarlierAttempt());
    assertEquals(PushReply.Outcome.PASSIVE_REPLY, delivered.outcome());
    assertEquals(PushReply.Attempt.RETRY_IN_INBOX, delivered.attempt());
    PushReply waiting =
        validator.replyFrom(UdeskDelivery.queued("still with Udesk").ofEarlierAttempt());
    assertEquals(PushReply.Outcome.NOT_DELIVERED, waiting.outcome());
    assertTrue(waiting.retry());
    assertFalse(validator.replyFrom(UdeskDelivery.answered(utf8(REPLY), Duration.ZERO)).retry());
  }

  @Test
  void passesAPassiveReplyOnByteForByte() {
    byte[] answer = utf8("  " + REPLY + "\n");
    PushReply reply = validator.judge(answer);
    assertEquals(PushReply.Outcome.PASSIVE_REPLY, reply.outcome());
    assertArrayEquals(answer, reply.xml());
  }

  @Test
  void acceptsAReplyWithAnXmlDeclarationOrAByteOrderMark() {
    byte[] declared = utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + REPLY);
    assertEquals(PushReply.Outcome.PASSIVE_REPLY, validator.judge(declared).outcome());
    byte[] bom = utf8("\uFEFF" + REPLY);
    assertEquals(PushReply.Outcome.PASSIVE_REPLY, validator.judge(bom).outcome());
  }

  @Test
  void passesEveryReplyTypeOn() {
    String news =
        "<xml><ToUserName>o</ToUserName><FromUserName>gh</FromUserName><CreateTime>1</CreateTime>"
            + "<MsgType>news</MsgType><ArticleCount>1</ArticleCount><Articles><item><Title>t</Title></item></Articles></xml>";
    String transfer =
        "<xml><ToUserName>o</ToUserName><FromUserName>gh</FromUserName><CreateTime>1</CreateTime>"
            + "<MsgType>transfer_customer_service</MsgType></xml>";
    assertEquals(PushReply.Outcome.PASSIVE_REPLY, validator.judge(utf8(news)).outcome());
    assertEquals(PushReply.Outcome.PASSIVE_REPLY, validator.judge(utf8(transfer)).outcome());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\r\n", "success", " success\n", "SUCCESS", "\"\"", "\"\"\n"})
  void readsNothingToSayAsAnEmptyAnswer(String answer) {
    PushReply reply = validator.judge(utf8(answer));
    assertEquals(PushReply.Outcome.NO_REPLY, reply.outcome());
    assertTrue(reply.isEmpty(), "nothing to say means an empty body for WeChat");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"ok\":true}",
        "<html><body>hello</body></html>",
        "<xml><ToUserName>o</ToUserName><FromUserName>gh</FromUserName><CreateTime>1</CreateTime></xml>",
        "<xml><ToUserName>o</ToUserName><FromUserName></FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>",
        "<reply><ToUserName>o</ToUserName><FromUserName>gh</FromUserName><CreateTime>1</CreateTime>"
            + "<MsgType>text</MsgType></reply>",
        "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><ToUserName>&x;</ToUserName>"
            + "<FromUserName>gh</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>",
        "<xml><ToUserName>unclosed",
      })
  void fallsBackToAnEmptyAnswerForAnythingElse(String answer) {
    PushReply reply = validator.judge(utf8(answer));
    assertEquals(PushReply.Outcome.FALLBACK, reply.outcome());
    assertTrue(reply.isEmpty(), "WeChat gets an empty body when Udesk's answer is unusable");
  }

  @Test
  void fallsBackWhenUdeskDidNotAnswer() {
    PushReply reply = validator.replyFrom(UdeskDelivery.timedOut(Duration.ofMillis(4001)));
    assertEquals(PushReply.Outcome.NOT_DELIVERED, reply.outcome());
    assertTrue(reply.isEmpty(), "WeChat gets an empty body when Udesk timed out");
    assertTrue(
        reply.note().contains("timed out"), "the note says Udesk timed out: " + reply.note());
    assertEquals(
        PushReply.Outcome.NOT_DELIVERED,
        validator.replyFrom(UdeskDelivery.refused(500, Duration.ZERO)).outcome());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
