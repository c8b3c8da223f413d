package io.wxbridge.relay;

import static io.wxbridge.relay.UdeskClient.FORM;
import static io.wxbridge.relay.UdeskClient.OPEN;
import static io.wxbridge.relay.UdeskClient.apiCalls;
import static io.wxbridge.relay.UdeskClient.get;
import static io.wxbridge.relay.UdeskClient.json;
import static io.wxbridge.relay.UdeskClient.lastCall;
import static io.wxbridge.relay.UdeskClient.post;
import static io.wxbridge.relay.UdeskClient.query;
import static io.wxbridge.relay.UdeskClient.wechat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeWeChatApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The curl examples of Udesk's documents (Udesk §2–7 and UDESK-VIDEO, docs/protocol.md) byte for
 * byte, on both configured forms of the simulated domain: the same bodies and query strings, as
 * curl sends them (run by BridgeIT).
 */
public abstract class UdeskSeedExamplesChecks {
  private static final List<String> DOMAINS = List.of("/udesk/" + OPEN, "/udesk?appid=" + OPEN);

  private static String join(String domain, String query) {
    return domain + (domain.contains("?") ? "&" : "?") + query;
  }

  static byte[] fixture(String name) {
    try (InputStream in = UdeskSeedExamplesChecks.class.getResourceAsStream("/relay/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void sendTextAsCurlDashD() {
    // curl www.simulate_weixin.com -d
    // 'touser=o2IGD0a1OvYAEBfPRa8t34Wc2nUo&msgtype=text&text[content]=123'
    for (String domain : DOMAINS) {
      HttpResponse<String> response =
          post(domain, FORM, "touser=o2IGD0a1OvYAEBfPRa8t34Wc2nUo&msgtype=text&text[content]=123");

      assertEquals(200, response.statusCode(), response.body());
      assertEquals("{\"errcode\":0,\"errmsg\":\"ok\"}", response.body());
      assertEquals(
          "{\"touser\":\"o2IGD0a1OvYAEBfPRa8t34Wc2nUo\",\"msgtype\":\"text\",\"text\":{\"content\":\"123\"}}",
          lastCall(OPEN, FakeWeChatApi.CUSTOM_SEND).bodyText());
      assertTrue(
          lastCall(OPEN, FakeWeChatApi.CUSTOM_SEND)
              .header("Content-Type")
              .startsWith("application/json"),
          "the form Udesk posted reaches WeChat as JSON");
    }
  }

  @Test
  void uploadAsCurlDashF() {
    // curl -F media=@test.jpg "www.simulate_weixin.com?type=TYPE"
    byte[] jpeg = {
      (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB, 1, 2, 3, (byte) 0xFF, (byte) 0xD9
    };
    for (String type : List.of("image", "voice", "video", "thumb")) {
      for (String domain : DOMAINS) {
        HttpResponse<String> response =
            UdeskClient.upload(join(domain, "type=" + type), "test.jpg", "image/jpeg", jpeg);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(type, json(response).getString("type"));
        assertArrayEquals(
            jpeg,
            UdeskClient.content(
                wechat().media(OPEN, json(response).getString("media_id")).orElseThrow()));
      }
    }
    int before = apiCalls(OPEN).size();
    HttpResponse<String> literal =
        UdeskClient.upload(join(DOMAINS.get(0), "type=TYPE"), "test.jpg", "image/jpeg", jpeg);
    assertEquals(400, literal.statusCode(), "TYPE is the spec's placeholder, not a media type");
    assertEquals(40004, json(literal).getInt("errcode"));
    assertEquals(before, apiCalls(OPEN).size());
  }

  @Test
  void mediaGetWithThePlaceholderToken() {
    // curl www.simulate_weixin.com?media_id=abc&access_token=123
    wechat().addMedia(OPEN, "abc", "image/jpeg", "abc.jpg", new byte[] {1, 2, 3});
    for (String domain : DOMAINS) {
      HttpResponse<byte[]> response =
          UdeskClient.send(
              UdeskClient.request(join(domain, "media_id=abc&access_token=123")).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());

      assertEquals(200, response.statusCode());
      assertArrayEquals(new byte[] {1, 2, 3}, response.body());
      assertNotEquals("123", query(lastCall(OPEN, FakeWeChatApi.MEDIA_GET)).get("access_token"));
    }
  }

  @Test
  void userInfo() {
    // curl 'www.simulate_weixin.com?openid=o-NbF1HPuegFK5sa1psr7EEeSTSg&lang=zh_CN'
    for (String domain : DOMAINS) {
      HttpResponse<String> response =
          get(join(domain, "openid=o-NbF1HPuegFK5sa1psr7EEeSTSg&lang=zh_CN"));

      assertEquals(200, response.statusCode());
      assertEquals(1, json(response).getInt("subscribe"));
      String sent =
          String.join(
              "&",
              java.util.Arrays.stream(lastCall(OPEN, FakeWeChatApi.USER_INFO).query().split("&"))
                  .filter(pair -> !pair.startsWith("access_token="))
                  .toList());
      assertEquals("openid=o-NbF1HPuegFK5sa1psr7EEeSTSg&lang=zh_CN", sent);
    }
  }

  @Test
  void templateList() {
    // curl 'www.simulate_weixin.com/template/get_all_private_template'
    for (String url :
        List.of(
            "/udesk/" + OPEN + "/template/get_all_private_template",
            "/udesk?appid=" + OPEN + "/template/get_all_private_template")) {
      HttpResponse<String> response = get(url);

      assertEquals(200, response.statusCode());
      assertEquals(FakeWeChatApi.TEMPLATE_LIST, response.body());
    }
  }

  /**
   * Seed 002's request lines for both template calls name the simulated domain itself ("GET
   * '客户填写的模拟域名地址'", the list with no parameters, whose table says POST); its examples add the paths
   * above.
   */
  @Test
  void theTemplateCallsOnTheDomainItself() {
    for (String domain : DOMAINS) {
      HttpResponse<String> list = get(domain);
      assertEquals(200, list.statusCode(), domain + " " + list.body());
      assertEquals(FakeWeChatApi.TEMPLATE_LIST, list.body());
      // the list's table says POST, with no parameters: an empty POST on the domain asks for it
      HttpResponse<String> posted = post(domain, FORM, new byte[0]);
      assertEquals(200, posted.statusCode(), domain + " " + posted.body());
      assertEquals(FakeWeChatApi.TEMPLATE_LIST, posted.body());

      byte[] body = fixture("seed-000-template-message.json");
      HttpResponse<String> sent = post(domain, FORM, body); // curl -d labels it a form
      assertEquals(200, sent.statusCode(), domain + " " + sent.body());
      assertEquals(0, json(sent).getInt("errcode"), sent.body());
      assertArrayEquals(
          body,
          lastCall(OPEN, FakeWeChatApi.TEMPLATE_SEND).body(),
          "sent as the template message it is: " + domain);
    }
  }

  @Test
  void templateSendAsSpecifiedAndWithTheVideoRecallMiniprogram() {
    // Udesk §7's request parameters, and 002's body with miniprogram.agent_id / group_id (its
    // trailing comma removed)
    for (String fixture :
        List.of("seed-000-template-message.json", "seed-002-template-message.json")) {
      byte[] body = fixture(fixture);
      for (String url :
          List.of(
              "/udesk/" + OPEN + "/message/template/send",
              "/udesk?appid=" + OPEN + "/message/template/send",
              "/udesk/" + OPEN + "/template/send",
              // Udesk §7's curl example posts the template message to this path
              "/udesk/" + OPEN + "/message/template/get_all_private_template",
              "/udesk?appid=" + OPEN + "/message/template/get_all_private_template")) {
        HttpResponse<String> response = post(url, FORM, body); // curl -d labels it a form

        assertEquals(200, response.statusCode(), url + " " + response.body());
        assertEquals(0, json(response).getInt("errcode"));
        if (fixture.startsWith("seed-000")) {
          assertArrayEquals(
              body,
              lastCall(OPEN, FakeWeChatApi.TEMPLATE_SEND).body(),
              "passed on byte for byte: " + url);
        }
      }
    }
    // seed 002: agent_id and group_id "需要以参数的形式拼接在pagepath后", WeChat's miniprogram knows only appid
    // and pagepath
    String sent = lastCall(OPEN, FakeWeChatApi.TEMPLATE_SEND).bodyText();
    assertEquals(
        "index?foo=bar&agent_id=123&group_id=12",
        json(sent).getJsonObject("miniprogram").getString("pagepath"));
    assertFalse(json(sent).getJsonObject("miniprogram").containsKey("agent_id"), sent);
    assertEquals(
        "恭喜你购买成功! ", json(sent).getJsonObject("data").getJsonObject("first").getString("value"));
  }

  @Test
  void theTemplateExamplesAsPrintedAreNotJsonAndAreRefusedBeforeWeChat() {
    // 000's curl body has a line break inside "color" and 002's a trailing comma: WeChat would
    // refuse both
    for (String fixture :
        List.of(
            "seed-000-curl-template-send-as-printed.txt",
            "seed-002-template-message-as-printed.json")) {
      int before = apiCalls(OPEN).size();

      HttpResponse<String> response =
          post(
              "/udesk/" + OPEN + "/message/template/get_all_private_template",
              FORM,
              fixture(fixture));

      assertEquals(400, response.statusCode(), fixture);
      assertEquals(47001, json(response).getInt("errcode"));
      assertEquals(before, apiCalls(OPEN).size(), "nothing reached WeChat");
    }
  }
}
