package io.wxbridge.relay;

import static io.wxbridge.relay.UdeskClient.FORM;
import static io.wxbridge.relay.UdeskClient.OPEN;
import static io.wxbridge.relay.UdeskClient.lastCall;
import static io.wxbridge.relay.UdeskClient.post;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.testing.FakeWeChatApi;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each msgtype of WeChat's customer-service send (docs/protocol.md §5), posted by Udesk as a
 * bracketed form, arrives at WeChat as exactly the JSON WeChat documents (run by BridgeIT).
 */
public abstract class UdeskMessageTypesChecks {

  /** Form body → the JSON WeChat must receive, byte for byte. */
  static Map<String, String> messages() {
    Map<String, String> messages = new LinkedHashMap<>();
    messages.put(
        "touser=o1&msgtype=text&text[content]=Hello+World",
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"Hello World\"}}");
    messages.put(
        "touser=o1&msgtype=image&image[media_id]=MEDIA_ID",
        "{\"touser\":\"o1\",\"msgtype\":\"image\",\"image\":{\"media_id\":\"MEDIA_ID\"}}");
    messages.put(
        "touser=o1&msgtype=voice&voice[media_id]=MEDIA_ID",
        "{\"touser\":\"o1\",\"msgtype\":\"voice\",\"voice\":{\"media_id\":\"MEDIA_ID\"}}");
    messages.put(
        "touser=o1&msgtype=video&video[media_id]=MEDIA_ID&video[thumb_media_id]=MEDIA_ID&video[title]=TITLE"
            + "&video[description]=DESCRIPTION",
        "{\"touser\":\"o1\",\"msgtype\":\"video\",\"video\":{\"media_id\":\"MEDIA_ID\",\"thumb_media_id\":\"MEDIA_ID\","
            + "\"title\":\"TITLE\",\"description\":\"DESCRIPTION\"}}");
    messages.put(
        "touser=o1&msgtype=music&music[title]=MUSIC_TITLE&music[description]=MUSIC_DESCRIPTION"
            + "&music[musicurl]=MUSIC_URL&music[hqmusicurl]=HQ_MUSIC_URL&music[thumb_media_id]=THUMB_MEDIA_ID",
        "{\"touser\":\"o1\",\"msgtype\":\"music\",\"music\":{\"title\":\"MUSIC_TITLE\",\"description\":\"MUSIC_DESCRIPTION\","
            + "\"musicurl\":\"MUSIC_URL\",\"hqmusicurl\":\"HQ_MUSIC_URL\",\"thumb_media_id\":\"THUMB_MEDIA_ID\"}}");
    messages.put(
        "touser=o1&msgtype=mpnews&mpnews[media_id]=MEDIA_ID",
        "{\"touser\":\"o1\",\"msgtype\":\"mpnews\",\"mpnews\":{\"media_id\":\"MEDIA_ID\"}}");
    messages.put(
        "touser=o1&msgtype=mpnewsarticle&mpnewsarticle[article_id]=ARTICLE_ID",
        "{\"touser\":\"o1\",\"msgtype\":\"mpnewsarticle\",\"mpnewsarticle\":{\"article_id\":\"ARTICLE_ID\"}}");
    messages.put(
        "touser=o1&msgtype=msgmenu&msgmenu[head_content]=您对本次服务是否满意呢%3F+&msgmenu[list][][id]=101"
            + "&msgmenu[list][][content]=满意&msgmenu[list][][id]=102&msgmenu[list][][content]=不满意"
            + "&msgmenu[tail_content]=欢迎再次光临",
        "{\"touser\":\"o1\",\"msgtype\":\"msgmenu\",\"msgmenu\":{\"head_content\":\"您对本次服务是否满意呢? \",\"list\":["
            + "{\"id\":\"101\",\"content\":\"满意\"},{\"id\":\"102\",\"content\":\"不满意\"}],\"tail_content\":\"欢迎再次光临\"}}");
    messages.put(
        "touser=o1&msgtype=wxcard&wxcard[card_id]=123dsdajkasd231jhksad",
        "{\"touser\":\"o1\",\"msgtype\":\"wxcard\",\"wxcard\":{\"card_id\":\"123dsdajkasd231jhksad\"}}");
    messages.put(
        "touser=o1&msgtype=miniprogrampage&miniprogrampage[title]=title&miniprogrampage[appid]=appid"
            + "&miniprogrampage[pagepath]=pagepath&miniprogrampage[thumb_media_id]=thumb_media_id",
        "{\"touser\":\"o1\",\"msgtype\":\"miniprogrampage\",\"miniprogrampage\":{\"title\":\"title\",\"appid\":\"appid\","
            + "\"pagepath\":\"pagepath\",\"thumb_media_id\":\"thumb_media_id\"}}");
    messages.put(
        "touser=o1&msgtype=text&text[content]=Hello&customservice[kf_account]=test1%40kftest",
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"Hello\"},\"customservice\":{\"kf_account\":\"test1@kftest\"}}");
    return messages;
  }

  @Test
  void everyMessageTypeArrivesAsWeChatsJson() {
    messages()
        .forEach(
            (form, json) -> {
              HttpResponse<String> response = post("/udesk/" + OPEN, FORM, form);

              assertEquals(200, response.statusCode(), form + " " + response.body());
              assertEquals(json, lastCall(OPEN, FakeWeChatApi.CUSTOM_SEND).bodyText(), form);
            });
  }

  @Test
  void newsInBothEncodings() {
    String expected =
        "{\"touser\":\"o1\",\"msgtype\":\"news\",\"news\":{\"articles\":[{\"title\":\"Happy Day\","
            + "\"description\":\"Is Really A Happy Day\",\"url\":\"URL\",\"picurl\":\"PIC_URL\"}]}}";
    String appended =
        "touser=o1&msgtype=news&news[articles][][title]=Happy+Day"
            + "&news[articles][][description]=Is+Really+A+Happy+Day&news[articles][][url]=URL&news[articles][][picurl]=PIC_URL";
    String indexed =
        "touser=o1&msgtype=news&news[articles][0][title]=Happy+Day"
            + "&news[articles][0][description]=Is+Really+A+Happy+Day&news[articles][0][url]=URL&news[articles][0][picurl]=PIC_URL";
    String oneJsonField =
        "touser=o1&msgtype=news&news[articles]="
            + URLEncoder.encode(
                "[{\"title\":\"Happy Day\","
                    + "\"description\":\"Is Really A Happy Day\",\"url\":\"URL\",\"picurl\":\"PIC_URL\"}]",
                StandardCharsets.UTF_8);
    for (String form :
        new String[] {
          appended, indexed, appended.replace("[", "%5B").replace("]", "%5D"), oneJsonField
        }) {
      assertEquals(200, post("/udesk?appid=" + OPEN, FORM, form).statusCode(), form);
      assertEquals(expected, lastCall(OPEN, FakeWeChatApi.CUSTOM_SEND).bodyText(), form);
    }
    String two =
        "touser=o1&msgtype=news&news[articles][][title]=一&news[articles][][url]=u1"
            + "&news[articles][][title]=二&news[articles][][url]=u2";
    post("/udesk/" + OPEN, FORM, two);
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"news\",\"news\":{\"articles\":[{\"title\":\"一\",\"url\":\"u1\"},"
            + "{\"title\":\"二\",\"url\":\"u2\"}]}}",
        lastCall(OPEN, FakeWeChatApi.CUSTOM_SEND).bodyText());
  }

  @Test
  void chineseAndEmojiArriveIntactAsUtf8() {
    String content =
        "您好，客服小美为您服务 😀👍🏽 <a href=\"http://www.qq.com\" data-miniprogram-appid=\"appid\" "
            + "data-miniprogram-path=\"pages/index/index\">点击跳小程序</a>";
    String expected =
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\""
            + content.replace("\"", "\\\"")
            + "\"}}";
    // percent-encoded, as a browser or HTTP library sends it, and as raw UTF-8, as curl -d sends it
    for (String value :
        new String[] {
          URLEncoder.encode(content, StandardCharsets.UTF_8),
          content.replace("&", "%26").replace("+", "%2B")
        }) {
      post(
          "/udesk/" + OPEN,
          FORM + "; charset=UTF-8",
          "touser=o1&msgtype=text&text[content]=" + value);
      assertArrayEquals(
          expected.getBytes(StandardCharsets.UTF_8),
          lastCall(OPEN, FakeWeChatApi.CUSTOM_SEND).body());
    }
  }

  @Test
  void unknownFieldsArePassedOn() {
    post(
        "/udesk/" + OPEN,
        FORM,
        "touser=o1&msgtype=text&text[content]=x&text[new_field]=n&brand_new[a][]=1&brand_new[a][]=2");
    assertEquals(
        "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\",\"new_field\":\"n\"},"
            + "\"brand_new\":{\"a\":[\"1\",\"2\"]}}",
        lastCall(OPEN, FakeWeChatApi.CUSTOM_SEND).bodyText());
  }

  @Test
  void aJsonBodyIsPassedOnUnchanged() {
    String json =
        "{\"touser\":\"o1\",\"msgtype\":\"msgmenu\",\"msgmenu\":{\"head_content\":\"满意吗\",\"list\":"
            + "[{\"id\":101,\"content\":\"是\"}],\"tail_content\":\"谢谢\"},\"customservice\":{\"kf_account\":\"a@b\"}}";
    assertEquals(200, post("/udesk/" + OPEN, "application/json", json).statusCode());
    assertEquals(json, lastCall(OPEN, FakeWeChatApi.CUSTOM_SEND).bodyText());
  }
}
