package io.wxbridge.relay;

import static io.wxbridge.relay.UdeskClient.FORM;
import static io.wxbridge.relay.UdeskClient.OPEN;
import static io.wxbridge.relay.UdeskClient.get;
import static io.wxbridge.relay.UdeskClient.json;
import static io.wxbridge.relay.UdeskClient.lastCall;
import static io.wxbridge.relay.UdeskClient.post;
import static io.wxbridge.relay.UdeskClient.query;
import static io.wxbridge.relay.UdeskClient.upload;
import static io.wxbridge.relay.UdeskClient.wechat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeMedia;
import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.RecordedRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every call of the Udesk face (docs/relay.md), on every way the suffix can be joined to both
 * configured forms of the simulated domain (/udesk/&lt;appid&gt; and /udesk?appid=&lt;appid&gt;),
 * checked on both sides: what the fake WeChat received and what Udesk got back (run by BridgeIT).
 */
public abstract class UdeskDispatchChecks {

  /**
   * Every URL under which Udesk may call {@code suffix} (a sub-path or "") with {@code query} (or
   * null).
   */
  static Set<String> joinings(String suffix, String query) {
    Set<String> urls = new LinkedHashSet<>();
    String q = query == null ? "" : query;
    urls.add("/udesk/" + OPEN + suffix + (q.isEmpty() ? "" : "?" + q));
    urls.add(
        "/udesk/"
            + OPEN
            + "/"
            + suffix
            + (q.isEmpty() ? "" : "?" + q)); // a domain configured with a trailing /
    urls.add("/udesk?appid=" + OPEN + suffix + (q.isEmpty() ? "" : "&" + q));
    urls.add("/udesk?appid=" + OPEN + suffix + (q.isEmpty() ? "" : "?" + q));
    urls.add("/udesk" + suffix + "?appid=" + OPEN + (q.isEmpty() ? "" : "&" + q));
    urls.add("/udesk/?appid=" + OPEN + suffix + (q.isEmpty() ? "" : "&" + q));
    return urls;
  }

  private static void assertWeChatsAnswerCameBack(
      HttpResponse<String> response, String expectedBody) {
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(
        FakeWeChatApi.asServed(FakeWeChatApi.JSON),
        FakeWeChatApi.asServed(response.headers().firstValue("Content-Type").orElse("")));
    assertEquals(expectedBody, response.body());
  }

  @Test
  void postWithoutQuerySendsACustomerServiceMessage() {
    for (String url : joinings("", null)) {
      String content = "hello " + url;
      int before = wechat().received(OPEN, FakeWeChatApi.CUSTOM_SEND).size();

      HttpResponse<String> response =
          post(url, FORM, "touser=o1&msgtype=text&text[content]=" + content);

      assertWeChatsAnswerCameBack(response, "{\"errcode\":0,\"errmsg\":\"ok\"}");
      assertEquals(before + 1, wechat().received(OPEN, FakeWeChatApi.CUSTOM_SEND).size(), url);
      RecordedRequest sent = lastCall(OPEN, FakeWeChatApi.CUSTOM_SEND);
      assertEquals("POST", sent.method());
      assertEquals(
          "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}",
          sent.bodyText(),
          url);
    }
  }

  @Test
  void theCustomerServiceSendAlsoAnswersUnderTheMessagePrefixOfSeed002() {
    // seed 002's change log: "发送消息接口添加 /message 前缀"
    for (String suffix : List.of("/message", "/message/custom/send", "/custom/send")) {
      Set<String> urls = joinings(suffix, null);
      urls.add("/udesk/" + UdeskClient.HIDDEN_PATH + suffix);
      for (String url : urls) {
        String app = url.contains(UdeskClient.HIDDEN_PATH) ? UdeskClient.HIDDEN : OPEN;
        String content = "prefixed " + url;
        int before = wechat().received(app, FakeWeChatApi.CUSTOM_SEND).size();

        HttpResponse<String> response =
            post(url, FORM, "touser=o1&msgtype=text&text[content]=" + content);

        assertWeChatsAnswerCameBack(response, "{\"errcode\":0,\"errmsg\":\"ok\"}");
        assertEquals(before + 1, wechat().received(app, FakeWeChatApi.CUSTOM_SEND).size(), url);
        assertEquals(
            "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}",
            lastCall(app, FakeWeChatApi.CUSTOM_SEND).bodyText(),
            url);
      }
      assertEquals(405, get("/udesk/" + OPEN + suffix).statusCode(), "a send is a POST: " + suffix);
    }
  }

  @Test
  void postWithTypeUploadsTemporaryMedia() {
    for (String url : joinings("", "type=image")) {
      byte[] file = ("JFIF " + url).getBytes(StandardCharsets.UTF_8);

      HttpResponse<String> response = upload(url, "test.jpg", "image/jpeg", file);

      assertEquals(200, response.statusCode(), url + " " + response.body());
      assertEquals("image", json(response).getString("type"));
      FakeMedia stored = wechat().media(OPEN, json(response).getString("media_id")).orElseThrow();
      assertArrayEquals(file, UdeskClient.content(stored), url);
      assertEquals("test.jpg", stored.fileName());
      assertEquals("image/jpeg", stored.contentType());
      assertEquals("image", query(lastCall(OPEN, FakeWeChatApi.MEDIA_UPLOAD)).get("type"));
    }
  }

  @Test
  void getWithMediaIdStreamsTheMediaBackAndDropsThePlaceholderToken() {
    byte[] jpeg = {
      (byte) 0xFF,
      (byte) 0xD8,
      (byte) 0xFF,
      (byte) 0xE0,
      0,
      0x10,
      'J',
      'F',
      'I',
      'F',
      0,
      (byte) 0xFF,
      (byte) 0xD9
    };
    wechat().addMedia(OPEN, "abc", "image/jpeg", "abc.jpg", jpeg);
    for (String url : joinings("", "media_id=abc&access_token=123")) {
      HttpResponse<byte[]> response =
          UdeskClient.send(
              UdeskClient.request(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

      assertEquals(200, response.statusCode(), url);
      assertArrayEquals(jpeg, response.body(), url);
      assertEquals("image/jpeg", response.headers().firstValue("Content-Type").orElse(""));
      assertEquals(
          "attachment; filename=\"abc.jpg\"",
          response.headers().firstValue("Content-Disposition").orElse(""));
      assertEquals(
          String.valueOf(jpeg.length), response.headers().firstValue("Content-Length").orElse(""));
      Map<String, String> sent = query(lastCall(OPEN, FakeWeChatApi.MEDIA_GET));
      assertEquals("abc", sent.get("media_id"));
      assertNotEquals(
          "123", sent.get("access_token"), "Udesk's placeholder token is never forwarded");
      assertTrue(
          wechat().issued(OPEN).stream().anyMatch(t -> t.value().equals(sent.get("access_token"))),
          "the bridge's own token is used");
    }
  }

  @Test
  void getWithOpenIdAsksForTheUsersInformation() {
    for (String url : joinings("", "openid=o-NbF1HPuegFK5sa1psr7EEeSTSg&lang=zh_CN")) {
      HttpResponse<String> response = get(url);

      assertEquals(200, response.statusCode(), url);
      assertEquals("o-NbF1HPuegFK5sa1psr7EEeSTSg", json(response).getString("openid"));
      RecordedRequest asked = lastCall(OPEN, FakeWeChatApi.USER_INFO);
      assertEquals("GET", asked.method());
      Map<String, String> sent = query(asked);
      assertEquals("o-NbF1HPuegFK5sa1psr7EEeSTSg", sent.get("openid"));
      assertEquals("zh_CN", sent.get("lang"));
      assertEquals(
          Set.of("openid", "lang", "access_token"),
          sent.keySet(),
          "nothing of Udesk's but openid and lang");
    }
    get("/udesk/" + OPEN + "?openid=o2");
    assertEquals(
        Set.of("openid", "access_token"), query(lastCall(OPEN, FakeWeChatApi.USER_INFO)).keySet());
  }

  @Test
  void templateListByGetOrPost() {
    for (String url : joinings("/template/get_all_private_template", null)) {
      int before = wechat().received(OPEN, FakeWeChatApi.TEMPLATES).size();
      assertWeChatsAnswerCameBack(get(url), FakeWeChatApi.TEMPLATE_LIST);
      assertWeChatsAnswerCameBack(post(url, null, new byte[0]), FakeWeChatApi.TEMPLATE_LIST);
      assertWeChatsAnswerCameBack(post(url, FORM, "access_token=123"), FakeWeChatApi.TEMPLATE_LIST);
      List<RecordedRequest> asked = wechat().received(OPEN, FakeWeChatApi.TEMPLATES);
      assertEquals(before + 3, asked.size(), url);
      asked.subList(before, asked.size()).forEach(call -> assertEquals("GET", call.method()));
    }
  }

  @Test
  void aTemplateMessageWithoutItsTemplateIdPostedToTheListPathGetsWeChatsRefusal() {
    String url = "/udesk/" + OPEN + "/message/template/get_all_private_template";
    byte[] body =
        "{\"touser\":\"OPENID\",\"data\":{\"first\":{\"value\":\"hi\"}}}"
            .getBytes(StandardCharsets.UTF_8);
    int listsBefore = wechat().received(OPEN, FakeWeChatApi.TEMPLATES).size();

    HttpResponse<String> response = post(url, "application/json", body);

    assertEquals(40037, json(response).getInt("errcode"), response.body());
    assertArrayEquals(body, lastCall(OPEN, FakeWeChatApi.TEMPLATE_SEND).body());
    assertEquals(
        listsBefore,
        wechat().received(OPEN, FakeWeChatApi.TEMPLATES).size(),
        "not answered with the list, which Udesk would take for a message sent");
  }

  @Test
  void templateSendOnTheNewAndTheOlderPath() {
    String template =
        "{\"touser\":\"OPENID\",\"template_id\":\"ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY\","
            + "\"client_msg_id\":\"%s\",\"data\":{\"first\":{\"value\":\"恭喜你购买成功！\"}}}";
    for (String suffix : List.of("/message/template/send", "/template/send")) {
      for (String url : joinings(suffix, null)) {
        byte[] body = String.format(template, url).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post(url, "application/json", body);

        assertEquals(200, response.statusCode(), url);
        assertEquals(0, json(response).getInt("errcode"));
        assertTrue(
            json(response).containsKey("msgid"),
            "WeChat's msgid of the template send reaches Udesk");
        assertArrayEquals(body, lastCall(OPEN, FakeWeChatApi.TEMPLATE_SEND).body(), url);
      }
    }
  }

  @Test
  void weChatsErrorsComeBackUnchanged() {
    wechat().failNextWith(OPEN, FakeWeChatApi.CUSTOM_SEND, 45015);
    HttpResponse<String> response =
        post("/udesk/" + OPEN, FORM, "touser=o1&msgtype=text&text[content]=late");
    assertEquals(200, response.statusCode());
    assertEquals(45015, json(response).getInt("errcode"));
    assertEquals(
        "response out of time limit or subscription is canceled",
        json(response).getString("errmsg").split(" rid:")[0]);

    wechat().failNextWith(OPEN, FakeWeChatApi.USER_INFO, 40003);
    assertEquals(40003, json(get("/udesk?appid=" + OPEN + "?openid=nobody")).getInt("errcode"));
  }
}
