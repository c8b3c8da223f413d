package io.wxbridge.relay.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomerMessageBodyTest {
  private static final String FORM = "application/x-www-form-urlencoded";
  private final CustomerMessageBody messages = new CustomerMessageBody();

  private String convert(String contentType, String body) {
    return new String(
        messages.toWeChatJson(contentType, body.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
  }

  private UdeskCallException refused(String contentType, String body) {
    return assertThrows(UdeskCallException.class, () -> convert(contentType, body));
  }

  @Test
  void theSeedsFormBecomesWeChatJson() {
    assertEquals(
        "{\"touser\":\"o2IGD0a1OvYAEBfPRa8t34Wc2nUo\",\"msgtype\":\"text\",\"text\":{\"content\":\"123\"}}",
        convert(FORM, "touser=o2IGD0a1OvYAEBfPRa8t34Wc2nUo&msgtype=text&text[content]=123"));
  }

  @Test
  void aFormWithoutContentTypeOrAsTextPlainIsAForm() {
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}",
        convert(null, "touser=o1&msgtype=text&text[content]=x"));
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}",
        convert("text/plain; charset=UTF-8", "touser=o1&msgtype=text&text[content]=x"));
  }

  @Test
  void jsonIsPassedOnByteForByteWhateverItIsLabelled() {
    String json =
        " {\"touser\":\"o1\", \"msgtype\":\"text\",\"text\":{\"content\":\"\\u4f60好 😀\"},\"x\":1}";
    for (String type :
        new String[] {"application/json", FORM, null, "application/json; charset=utf-8"}) {
      assertArrayEquals(
          json.getBytes(StandardCharsets.UTF_8),
          messages.toWeChatJson(type, json.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void jsonInAnotherCharsetOrWithAByteOrderMarkIsReEncodedAsUtf8() {
    byte[] gbk =
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"中文\"}}"
            .getBytes(Charset.forName("GBK"));
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"中文\"}}",
        new String(
            messages.toWeChatJson("application/json; charset=GBK", gbk), StandardCharsets.UTF_8));
    byte[] bom =
        "\uFEFF{\"touser\":\"o1\",\"msgtype\":\"image\",\"image\":{\"media_id\":\"M\"}}"
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"image\",\"image\":{\"media_id\":\"M\"}}",
        new String(messages.toWeChatJson("application/json", bom), StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "text            | text[content]=hi",
        "image           | image[media_id]=M",
        "voice           | voice[media_id]=M",
        "video           | video[media_id]=M&video[thumb_media_id]=T&video[title]=t&video[description]=d",
        "music           | music[title]=t&music[description]=d&music[musicurl]=u&music[hqmusicurl]=h&music[thumb_media_id]=T",
        "news            | news[articles][][title]=t&news[articles][][description]=d&news[articles][][url]=u&news[articles][][picurl]=p",
        "mpnews          | mpnews[media_id]=M",
        "mpnewsarticle   | mpnewsarticle[article_id]=A",
        "msgmenu         | msgmenu[head_content]=h&msgmenu[list][][id]=101&msgmenu[list][][content]=yes&msgmenu[tail_content]=t",
        "wxcard          | wxcard[card_id]=C",
        "miniprogrampage | miniprogrampage[title]=t&miniprogrampage[appid]=a&miniprogrampage[pagepath]=p&miniprogrampage[thumb_media_id]=T",
      })
  void everyMessageTypeOfWeChatIsAccepted(String msgtype, String fields) {
    String json = convert(FORM, "touser=o1&msgtype=" + msgtype + "&" + fields);
    assertEquals(
        true,
        json.startsWith("{\"touser\":\"o1\",\"msgtype\":\"" + msgtype + "\",\"" + msgtype + "\":{"),
        json);
  }

  @Test
  void newsArticlesOrAMenuListSentAsOneJsonFieldBecomeArrays() {
    String articles =
        java.net.URLEncoder.encode(
            "[{\"title\":\"标题\",\"url\":\"http://a/1?x=1&y=2\"}]", StandardCharsets.UTF_8);
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"news\",\"news\":{\"articles\":[{\"title\":\"标题\",\"url\":\"http://a/1?x=1&y=2\"}]}}",
        convert(FORM, "touser=o1&msgtype=news&news[articles]=" + articles));
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"msgmenu\",\"msgmenu\":{\"list\":[{\"id\":\"1\",\"content\":\"是\"}]}}",
        convert(
            FORM,
            "touser=o1&msgtype=msgmenu&msgmenu[list]="
                + java.net.URLEncoder.encode(
                    "[{\"id\":\"1\",\"content\":\"是\"}]", StandardCharsets.UTF_8)));
  }

  @Test
  void otherJsonLikeTextStaysText() {
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"[1,2]\"}}",
        convert(FORM, "touser=o1&msgtype=text&text[content]=%5B1%2C2%5D"));
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"news\",\"news\":{\"articles\":\"[not json\"}}",
        convert(FORM, "touser=o1&msgtype=news&news[articles]=%5Bnot+json"));
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"news\",\"news\":"
            + "{\"articles\":\"[{\\\"title\\\":\\\"a\\\",\\\"title\\\":\\\"b\\\"}\"}}",
        convert(
            FORM,
            "touser=o1&msgtype=news&news[articles]="
                + "%5B%7B%22title%22%3A%22a%22%2C%22title%22%3A%22b%22%7D"),
        "no JSON (the array is not closed), so its repeated key does not matter: text");
  }

  @Test
  void aFormWithAByteOrderMarkIsReadWithoutIt() {
    byte[] marked =
        "\uFEFFtouser=o1&msgtype=text&text[content]=hi".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"}}",
        new String(messages.toWeChatJson(FORM, marked), StandardCharsets.UTF_8));
  }

  @Test
  void aNumberParssonCannotReadIsRefusedNotA500() {
    for (String number : new String[] {"1e2147483648", "1" + "0".repeat(1_200)}) {
      assertEquals(
          47001,
          refused(
                  "application/json",
                  "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"n\":"
                      + number
                      + "}")
              .errcode(),
          number.substring(0, 5));
    }
  }

  @Test
  void missingFollower() {
    UdeskCallException refused = refused(FORM, "msgtype=text&text[content]=x");
    assertEquals(400, refused.status());
    assertEquals(41009, refused.errcode());
    assertEquals(41009, refused(FORM, "touser=&msgtype=text&text[content]=x").errcode());
    assertEquals(
        41009,
        refused("application/json", "{\"touser\":1,\"msgtype\":\"text\",\"text\":{}}").errcode());
  }

  @Test
  void missingOrUnknownMessageType() {
    assertEquals(40008, refused(FORM, "touser=o1&text[content]=x").errcode());
    assertEquals(40008, refused(FORM, "touser=o1&msgtype=&text[content]=x").errcode());
    UdeskCallException unknown = refused(FORM, "touser=o1&msgtype=hologram&hologram[id]=1");
    assertEquals(400, unknown.status());
    assertEquals(40008, unknown.errcode());
  }

  @Test
  void messageTypeWithoutItsObject() {
    assertEquals(47001, refused(FORM, "touser=o1&msgtype=text&content=x").errcode());
    assertEquals(47001, refused(FORM, "touser=o1&msgtype=text&text=x").errcode());
  }

  @Test
  void malformedBodies() {
    assertEquals(44002, refused(FORM, "").errcode());
    assertEquals(44002, refused(FORM, "  \r\n").errcode());
    assertEquals(47001, refused("application/json", "{\"touser\":\"o1\",").errcode());
    assertEquals(47001, refused("application/json", "{\"touser\":\"o1\"} trailing").errcode());
    assertEquals(47001, refused("application/json", "[1,2]").errcode());
    assertEquals(47001, refused(FORM, "touser=o1&msgtype=text&text[content=x").errcode());
  }

  @Test
  void aKeyGivenTwiceIsRefusedNotPassedOn() {
    UdeskCallException twice =
        refused(
            "application/json",
            "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},"
                + "\"touser\":\"o2\"}");
    assertEquals(47001, twice.errcode());
    assertTrue(twice.getMessage().contains("a key is given twice"), twice.getMessage());
    assertEquals(
        47001,
        refused(
                "application/json",
                "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\",\"content\":\"y\"}}")
            .errcode());
    // inside an array a form field holds as JSON
    assertEquals(
        47001,
        refused(
                FORM,
                "touser=o1&msgtype=news&news[articles]="
                    + "%5B%7B%22title%22%3A%22a%22%2C%22title%22%3A%22b%22%7D%5D")
            .errcode());
  }

  @Test
  void aLoneSurrogateIsPassedOnAsReceivedButNeverReEncoded() {
    String truncatedEmoji =
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"hi \\ud83d\"}}";
    assertEquals(truncatedEmoji, convert("application/json", truncatedEmoji), "WeChat reads it");
    UdeskCallException reEncoded = refused("application/json; charset=GBK", truncatedEmoji);
    assertEquals(47001, reEncoded.errcode());
    assertTrue(reEncoded.getMessage().contains("lone surrogate"), reEncoded.getMessage());
  }

  @Test
  void hostileNestingIsRefusedNotFollowed() {
    String deep =
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"x\":"
            + "[".repeat(500_000)
            + "]".repeat(500_000)
            + "}";
    assertEquals(47001, refused("application/json", deep).errcode());
    String fine =
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"[[[[{{{{\\\"\"},\"x\":[[[1]]]}";
    assertEquals(fine, convert("application/json", fine), "brackets inside strings do not count");
  }

  @Test
  void otherContentTypes() {
    assertEquals(415, refused("multipart/form-data; boundary=x", "--x\r\n").status());
    assertEquals(415, refused("text/xml", "<xml/>").status());
    assertEquals(
        415, refused("application/x-www-form-urlencoded; charset=nonesuch", "a=b").status());
  }

  /**
   * A form in a charset the JDK can only decode (ISO-2022-CN, x-JISAutoDetect) threw from the
   * percent-decoding (a 500 and a stack trace); one that does not write ASCII as ASCII (UTF-16) was
   * mangled. Both are refused; a form in GBK is read.
   */
  @Test
  void aFormInACharsetThatCannotCarryAFormIsRefusedNotA500() {
    String form = "touser=o1&msgtype=text&text[content]=a+b%41";
    for (String charset : new String[] {"ISO-2022-CN", "x-JISAutoDetect", "UTF-16"}) {
      UdeskCallException refused =
          assertThrows(
              UdeskCallException.class,
              () ->
                  messages.toWeChatJson(
                      "application/x-www-form-urlencoded; charset=" + charset,
                      form.getBytes(StandardCharsets.US_ASCII)),
              charset);
      assertEquals(415, refused.status(), charset);
      assertEquals(47001, refused.errcode(), charset);
    }
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"a bA\"}}",
        new String(
            messages.toWeChatJson(
                "application/x-www-form-urlencoded; charset=GBK",
                form.getBytes(StandardCharsets.US_ASCII)),
            StandardCharsets.UTF_8));
  }
}
