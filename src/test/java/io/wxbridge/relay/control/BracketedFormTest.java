package io.wxbridge.relay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BracketedFormTest {
  private final BracketedForm form = new BracketedForm();

  private JsonObject convert(String body) {
    return form.toJson(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  /** Read without recursion: thousands of subscripts are a 400, never a stack overflow. */
  @Test
  void aFieldWithThousandsOfSubscriptsOrAHugeNameIsRefusedBriefly() {
    for (String name :
        List.of(
            "a" + "[a]".repeat(5000),
            "b".repeat(900_000) + "[x",
            "x]y",
            "[x]",
            "a[b]c",
            "a[[b]]")) {
      UdeskCallException refused =
          assertThrows(
              UdeskCallException.class,
              () ->
                  new BracketedForm()
                      .toJson(
                          ("touser=a&" + name + "=1").getBytes(StandardCharsets.UTF_8),
                          StandardCharsets.UTF_8));
      assertEquals(400, refused.status());
      assertTrue(refused.getMessage().length() < 120, refused.getMessage().length() + " chars");
    }
  }

  @Test
  void theSeedsTextExample() {
    JsonObject converted =
        convert("touser=o2IGD0a1OvYAEBfPRa8t34Wc2nUo&msgtype=text&text[content]=123");

    assertEquals(
        "{\"touser\":\"o2IGD0a1OvYAEBfPRa8t34Wc2nUo\",\"msgtype\":\"text\",\"text\":{\"content\":\"123\"}}",
        converted.toString());
  }

  @Test
  void nestingKeepsFieldOrderAndValuesStayStrings() {
    assertEquals(
        "{\"a\":{\"b\":{\"c\":\"1\",\"d\":\"true\"}},\"e\":\"007\"}",
        convert("a[b][c]=1&a[b][d]=true&e=007").toString());
  }

  @Test
  void imageVoiceVideo() {
    assertEquals(
        json("{\"touser\":\"o1\",\"msgtype\":\"image\",\"image\":{\"media_id\":\"M1\"}}"),
        convert("touser=o1&msgtype=image&image[media_id]=M1"));
    assertEquals(
        json("{\"touser\":\"o1\",\"msgtype\":\"voice\",\"voice\":{\"media_id\":\"M2\"}}"),
        convert("touser=o1&msgtype=voice&voice[media_id]=M2"));
    assertEquals(
        json(
            "{\"touser\":\"o1\",\"msgtype\":\"video\",\"video\":{\"media_id\":\"M3\",\"thumb_media_id\":\"T\","
                + "\"title\":\"标题\",\"description\":\"说明\"}}"),
        convert(
            "touser=o1&msgtype=video&video[media_id]=M3&video[thumb_media_id]=T&video[title]=标题"
                + "&video[description]=%E8%AF%B4%E6%98%8E"));
  }

  @Test
  void music() {
    assertEquals(
        json(
            "{\"touser\":\"o1\",\"msgtype\":\"music\",\"music\":{\"title\":\"t\",\"description\":\"d\","
                + "\"musicurl\":\"http://m/1.mp3?a=1&b=2\",\"hqmusicurl\":\"http://m/hq.mp3\",\"thumb_media_id\":\"T\"}}"),
        convert(
            "touser=o1&msgtype=music&music[title]=t&music[description]=d"
                + "&music[musicurl]=http%3A%2F%2Fm%2F1.mp3%3Fa%3D1%26b%3D2&music[hqmusicurl]=http://m/hq.mp3"
                + "&music[thumb_media_id]=T"));
  }

  private static final String ONE_ARTICLE =
      "{\"touser\":\"o1\",\"msgtype\":\"news\",\"news\":{\"articles\":["
          + "{\"title\":\"Happy Day\",\"description\":\"Is Really A Happy Day\",\"url\":\"http://a/1\",\"picurl\":\"http://a/1.jpg\"}"
          + "]}}";
  private static final String TWO_ARTICLES =
      "{\"touser\":\"o1\",\"msgtype\":\"news\",\"news\":{\"articles\":["
          + "{\"title\":\"一\",\"description\":\"d1\",\"url\":\"u1\",\"picurl\":\"p1\"},"
          + "{\"title\":\"二\",\"description\":\"d2\",\"url\":\"u2\",\"picurl\":\"p2\"}]}}";

  @Test
  void newsWithEmptyBracketsRepeatingGroups() {
    assertEquals(
        ONE_ARTICLE,
        convert(
                "touser=o1&msgtype=news&news[articles][][title]=Happy+Day"
                    + "&news[articles][][description]=Is%20Really%20A%20Happy%20Day&news[articles][][url]=http://a/1"
                    + "&news[articles][][picurl]=http://a/1.jpg")
            .toString());
    assertEquals(
        TWO_ARTICLES,
        convert(
                "touser=o1&msgtype=news"
                    + "&news[articles][][title]=一&news[articles][][description]=d1&news[articles][][url]=u1&news[articles][][picurl]=p1"
                    + "&news[articles][][title]=二&news[articles][][description]=d2&news[articles][][url]=u2&news[articles][][picurl]=p2")
            .toString());
  }

  @Test
  void newsWithIndexes() {
    assertEquals(
        ONE_ARTICLE,
        convert(
                "touser=o1&msgtype=news&news[articles][0][title]=Happy+Day"
                    + "&news[articles][0][description]=Is%20Really%20A%20Happy%20Day&news[articles][0][url]=http://a/1"
                    + "&news[articles][0][picurl]=http://a/1.jpg")
            .toString());
    // indexes place the elements whatever order the fields come in
    assertEquals(
        TWO_ARTICLES,
        convert(
                "touser=o1&msgtype=news"
                    + "&news[articles][1][title]=二&news[articles][0][title]=一&news[articles][0][description]=d1"
                    + "&news[articles][1][description]=d2&news[articles][0][url]=u1&news[articles][0][picurl]=p1"
                    + "&news[articles][1][url]=u2&news[articles][1][picurl]=p2")
            .toString());
  }

  @Test
  void percentEncodedBracketsAreBrackets() {
    assertEquals(
        json(ONE_ARTICLE),
        convert(
            "touser=o1&msgtype=news&news%5Barticles%5D%5B%5D%5Btitle%5D=Happy+Day"
                + "&news%5Barticles%5D%5B%5D%5Bdescription%5D=Is+Really+A+Happy+Day&news%5Barticles%5D%5B%5D%5Burl%5D=http://a/1"
                + "&news%5Barticles%5D%5B%5D%5Bpicurl%5D=http://a/1.jpg"));
  }

  @Test
  void mpnewsMpnewsarticleWxcard() {
    assertEquals(
        json("{\"touser\":\"o1\",\"msgtype\":\"mpnews\",\"mpnews\":{\"media_id\":\"MP\"}}"),
        convert("touser=o1&msgtype=mpnews&mpnews[media_id]=MP"));
    assertEquals(
        json(
            "{\"touser\":\"o1\",\"msgtype\":\"mpnewsarticle\",\"mpnewsarticle\":{\"article_id\":\"A\"}}"),
        convert("touser=o1&msgtype=mpnewsarticle&mpnewsarticle[article_id]=A"));
    assertEquals(
        json("{\"touser\":\"o1\",\"msgtype\":\"wxcard\",\"wxcard\":{\"card_id\":\"C\"}}"),
        convert("touser=o1&msgtype=wxcard&wxcard[card_id]=C"));
  }

  @Test
  void msgmenuInBothListEncodings() {
    String expected =
        "{\"touser\":\"o1\",\"msgtype\":\"msgmenu\",\"msgmenu\":{\"head_content\":\"您对本次服务是否满意呢? \","
            + "\"list\":[{\"id\":\"101\",\"content\":\"满意\"},{\"id\":\"102\",\"content\":\"不满意\"}],\"tail_content\":\"欢迎再次光临\"}}";
    assertEquals(
        expected,
        convert(
                "touser=o1&msgtype=msgmenu&msgmenu[head_content]=您对本次服务是否满意呢?+"
                    + "&msgmenu[list][][id]=101&msgmenu[list][][content]=满意&msgmenu[list][][id]=102&msgmenu[list][][content]=不满意"
                    + "&msgmenu[tail_content]=欢迎再次光临")
            .toString());
    assertEquals(
        expected,
        convert(
                "touser=o1&msgtype=msgmenu&msgmenu[head_content]=您对本次服务是否满意呢?+"
                    + "&msgmenu[list][0][id]=101&msgmenu[list][0][content]=满意&msgmenu[list][1][id]=102&msgmenu[list][1][content]=不满意"
                    + "&msgmenu[tail_content]=欢迎再次光临")
            .toString());
  }

  @Test
  void miniprogrampageAndKfAccount() {
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"miniprogrampage\",\"miniprogrampage\":{\"title\":\"title\","
            + "\"appid\":\"appid\",\"pagepath\":\"pages/index?foo=bar\",\"thumb_media_id\":\"T\"},"
            + "\"customservice\":{\"kf_account\":\"test1@kftest\"}}",
        convert(
                "touser=o1&msgtype=miniprogrampage&miniprogrampage[title]=title&miniprogrampage[appid]=appid"
                    + "&miniprogrampage[pagepath]=pages%2Findex%3Ffoo%3Dbar&miniprogrampage[thumb_media_id]=T"
                    + "&customservice[kf_account]=test1%40kftest")
            .toString());
  }

  @Test
  void chineseEmojiAndTextLinksSurviveBothRawAndPercentEncoded() {
    String text =
        "你好 😀 <a href=\"http://www.qq.com\" data-miniprogram-appid=\"appid\" data-miniprogram-path=\"pages/index\">点击</a>";
    String encoded = java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    assertEquals(
        text,
        convert("touser=o1&msgtype=text&text[content]=" + encoded)
            .getJsonObject("text")
            .getString("content"));
    assertEquals(
        "你好 😀",
        convert("touser=o1&msgtype=text&text[content]=你好 😀")
            .getJsonObject("text")
            .getString("content"));
  }

  @Test
  void otherCharsetsWhenDeclared() {
    byte[] gbk = "touser=o1&msgtype=text&text[content]=中文".getBytes(Charset.forName("GBK"));
    assertEquals(
        "中文", form.toJson(gbk, Charset.forName("GBK")).getJsonObject("text").getString("content"));
  }

  @Test
  void unknownFieldsArePassedOn() {
    assertEquals(
        json(
            "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\",\"future\":\"f\"},"
                + "\"brand_new\":{\"k\":[\"1\",\"2\"]},\"flag\":\"\"}"),
        convert(
            "touser=o1&msgtype=text&text[content]=x&text[future]=f&brand_new[k][]=1&brand_new[k][]=2&flag"));
  }

  @Test
  void arraysOfValuesAndDeeperGroups() {
    assertEquals("{\"a\":[\"1\",\"2\",\"3\"]}", convert("a[]=1&a[]=2&a[]=3").toString());
    assertEquals(
        "{\"a\":[{\"b\":{\"c\":\"1\",\"d\":\"2\"}},{\"b\":{\"c\":\"3\"}}]}",
        convert("a[][b][c]=1&a[][b][d]=2&a[][b][c]=3").toString());
    assertEquals("{\"a\":[{\"t\":[\"1\",\"2\"]}]}", convert("a[][t][]=1&a[][t][]=2").toString());
    assertEquals(
        "{\"a\":[{\"x\":\"1\"},{\"x\":\"2\"}]}", convert("a[5][x]=1&a[9][x]=2").toString());
  }

  @Test
  void aDigitKeyUnderAnObjectIsAFieldName() {
    assertEquals("{\"a\":{\"x\":\"1\",\"0\":\"2\"}}", convert("a[x]=1&a[0]=2").toString());
  }

  @Test
  void emptyPairsAndEmptyValues() {
    assertEquals(
        "{\"touser\":\"o1\",\"text\":{\"content\":\"\"}}",
        convert("&touser=o1&&text[content]=&").toString());
    assertEquals("{}", convert("").toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "touser=a&touser=b", // the same field twice
        "text=x&text[content]=y", // a value and an object
        "text[content]=y&text=x",
        "a[0][x]=1&a[][x]=2", // index and append mixed
        "a[0]=1&a[0]=2",
        "a[b=1", // unclosed bracket
        "a]b=1",
        "[a]=1", // no name
        "=1",
        "a[b]c=1",
        "a[1000]=1", // index out of range
        "a[-1]=1", // negative index
        "a[12345678901234567890]=1", // an index no int holds
        "a[x]=1&a[-1]=2", // under an object too
        "a[x]=1&a[99999999999]=2",
        "a[b][c][d][e][f][g][h][i][j][k]=1", // too deep
        "text[content]=%E4%B8", // broken percent-encoding / UTF-8
        "text[content]=%zz",
      })
  void refusesWhatItWouldHaveToGuess(String body) {
    UdeskCallException refused = assertThrows(UdeskCallException.class, () -> convert(body));
    assertEquals(400, refused.status());
    assertEquals(47001, refused.errcode());
  }

  @Test
  void refusesBytesThatAreNotTheCharset() {
    byte[] latin1 = {'a', '=', (byte) 0xE9};
    assertThrows(UdeskCallException.class, () -> form.toJson(latin1, StandardCharsets.UTF_8));
  }

  @Test
  void refusesTooManyFields() {
    String body = "a[]=1&".repeat(BracketedForm.MAX_FIELDS + 1);
    assertEquals(400, assertThrows(UdeskCallException.class, () -> convert(body)).status());
  }
}
