package io.wxbridge.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.inbox.entity.ReplySend;
import io.wxbridge.push.WeChatAccount;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.wechatapi.control.WeChatApi;
import io.wxbridge.wechatapi.control.WeChatApiException;
import io.wxbridge.wechatapi.entity.RetrySafety;
import io.wxbridge.wechatapi.entity.WeChatAnswer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Passive replies (WeChat's reply XML) as the equivalent customer-service messages (WeChat's JSON).
 */
class CustomerServiceRepliesTest {
  private final CustomerServiceReplies replies = replies();

  private static CustomerServiceReplies replies() {
    CustomerServiceReplies replies = new CustomerServiceReplies();
    replies.xml = new InboxXml();
    return replies;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "<MsgType>text</MsgType><Content><![CDATA[你好 & <b>]]></Content>"
            + "|{\"touser\":\"oFollower\",\"msgtype\":\"text\",\"text\":{\"content\":\"你好 & <b>\"}}",
        "<MsgType>image</MsgType><Image><MediaId>m1</MediaId></Image>"
            + "|{\"touser\":\"oFollower\",\"msgtype\":\"image\",\"image\":{\"media_id\":\"m1\"}}",
        "<MsgType>voice</MsgType><Voice><MediaId>m2</MediaId></Voice>"
            + "|{\"touser\":\"oFollower\",\"msgtype\":\"voice\",\"voice\":{\"media_id\":\"m2\"}}",
        "<MsgType>video</MsgType><Video><MediaId>m3</MediaId><Title>t</Title><Description>d</Description></Video>"
            + "|{\"touser\":\"oFollower\",\"msgtype\":\"video\",\"video\":{\"media_id\":\"m3\",\"title\":\"t\",\"description\":\"d\"}}",
        "<MsgType>music</MsgType><Music><Title>t</Title><Description>d</Description><MusicUrl>u</MusicUrl>"
            + "<HQMusicUrl>h</HQMusicUrl><ThumbMediaId>m4</ThumbMediaId></Music>"
            + "|{\"touser\":\"oFollower\",\"msgtype\":\"music\",\"music\":{\"title\":\"t\",\"description\":\"d\",\"musicurl\":\"u\","
            + "\"hqmusicurl\":\"h\",\"thumb_media_id\":\"m4\"}}",
        "<MsgType>news</MsgType><ArticleCount>2</ArticleCount><Articles><item><Title>a</Title><Description>b</Description>"
            + "<PicUrl>p</PicUrl><Url>u</Url></item><item><Title>c</Title><Url>v</Url></item></Articles>"
            + "|{\"touser\":\"oFollower\",\"msgtype\":\"news\",\"news\":{\"articles\":[{\"title\":\"a\",\"description\":\"b\","
            + "\"url\":\"u\",\"picurl\":\"p\"},{\"title\":\"c\",\"description\":\"\",\"url\":\"v\",\"picurl\":\"\"}]}}"
      })
  void eachPassiveReplyBecomesItsCustomerServiceMessage(String body, String json) {
    String reply =
        "<xml><ToUserName><![CDATA[oF]]></ToUserName><FromUserName>gh</FromUserName>"
            + "<CreateTime>1</CreateTime>"
            + body
            + "</xml>";
    assertEquals(
        json,
        new String(
            replies.toCustomerMessage(bytes(reply), "oFollower").orElseThrow(),
            StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "  ",
        "success",
        "SUCCESS",
        "not xml",
        "<xml><MsgType>transfer_customer_service</MsgType></xml>"
      })
  void nothingToSayIsNotSent(String answer) {
    assertEquals(Optional.empty(), replies.toCustomerMessage(bytes(answer), "oF"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<xml><MsgType>text</MsgType><Content>x</Content></xml>",
        // seed 000's example reply: the push's ToUserName (the account) kept, not swapped
        "<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]>"
            + "</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content></xml>"
      })
  void aReplyGoesToTheFollowerOfThePushWhateverItsToUserName(String answer) {
    assertTrue(
        new String(
                replies.toCustomerMessage(bytes(answer), "oFollower").orElseThrow(),
                StandardCharsets.UTF_8)
            .startsWith("{\"touser\":\"oFollower\""),
        "a reply goes to the push's follower: " + answer);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Only WeChat's refusal of the message itself ends the tries; anything inconclusive is retried.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "200|{\"errcode\":0,\"errmsg\":\"ok\"}|SENT",
        "200|{\"errcode\":45015,\"errmsg\":\"response out of time limit\"}|REFUSED",
        "200|{\"errcode\":40003,\"errmsg\":\"invalid openid\"}|REFUSED",
        "400|{\"errcode\":44002}|REFUSED",
        "200|{\"errcode\":-1,\"errmsg\":\"system error\"}|UNANSWERED",
        "503|busy|UNCERTAIN",
        "0|unreachable|UNANSWERED",
        "-1|no answer in time|UNCERTAIN"
      })
  void whatWeChatAnsweredDecidesWhetherTheReplyIsTriedAgain(
      int status, String body, ReplySend expected) {
    CustomerServiceReplies sending = replies();
    sending.wechat =
        new WeChatApi() {
          @Override
          public WeChatAnswer postJson(
              Account account, String path, byte[] json, RetrySafety safety, OnBehalfOf caller) {
            if (status == 0) {
              throw new IllegalStateException("connection refused");
            }
            if (status == -1) {
              throw WeChatApiException.noAnswer(safety);
            }
            return new WeChatAnswer(
                status, "application/json", body.getBytes(StandardCharsets.UTF_8));
          }
        };
    assertEquals(
        expected,
        sending.send(
            WeChatAccount.PLAIN.asConfigured(),
            "<xml><MsgType>text</MsgType><Content>hi</Content></xml>"
                .getBytes(StandardCharsets.UTF_8),
            "oF",
            "text MsgId=1"));
  }

  /**
   * A late answer that is not a passive reply the bridge can send (here one with a control
   * character, not well-formed: WeChat would get it byte for byte in time) is not sent, and says
   * so; one that says nothing is not sent silently.
   */
  @Test
  void aLateAnswerThatCannotBeSentIsLoggedNotDroppedSilently() {
    Logger log = Logger.getLogger(CustomerServiceReplies.class.getName());
    List<LogRecord> lines = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord line) {
            lines.add(line);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    try {
      CustomerServiceReplies sending = replies();
      for (String answer :
          new String[] {"<xml><MsgType>text</MsgType><Content>a\u0002</Content></xml>", "\"\""}) {
        assertEquals(
            ReplySend.SENT,
            sending.send(WeChatAccount.PLAIN.asConfigured(), bytes(answer), "oF", "text MsgId=2"));
      }
    } finally {
      log.removeHandler(capture);
    }
    assertEquals(1, lines.size(), "one line, for the unusable answer only");
    assertEquals(Level.WARNING, lines.get(0).getLevel());
    assertTrue(lines.get(0).getMessage().startsWith("text MsgId=2: "), lines.get(0).getMessage());
  }
}
