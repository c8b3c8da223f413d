package io.wxbridge.relay.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TemplateMessageBodyTest {
  private static final String SEED_002 =
      "{\n    \"touser\":\"OPENID\",\n\"template_id\":\"ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpB027izEYtY\","
          + "\"url\":\"http://weixin.qq.com/download\",\"miniprogram\":{\"appid\": \"xiaochengxuappid12345\","
          + "\"pagepath\": \"index?foo=bar\",\"agent_id\":\"123\",\"group_id\":\"12\"},\"client_msg_id\":\"m-1\","
          + "\"data\":{\"first\": {\"value\":\"恭喜你购买成功! \",\"color\":\"#173177\"}}}";
  private final TemplateMessageBody templates = new TemplateMessageBody();

  @Test
  void passedOnByteForByteWithoutAgentOrGroup() {
    byte[] body =
        SEED_002
            .replace(",\"agent_id\":\"123\",\"group_id\":\"12\"", "")
            .getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(body, templates.check(body));
  }

  @Test
  void agentAndGroupAreJoinedToThePagePathAsParameters() {
    JsonObject sent = json(templates.check(SEED_002.getBytes(StandardCharsets.UTF_8)));
    JsonObject miniprogram = sent.getJsonObject("miniprogram");
    assertEquals("index?foo=bar&agent_id=123&group_id=12", miniprogram.getString("pagepath"));
    assertEquals("xiaochengxuappid12345", miniprogram.getString("appid"));
    assertFalse(
        miniprogram.containsKey("agent_id") || miniprogram.containsKey("group_id"),
        miniprogram.toString());
    assertEquals("m-1", sent.getString("client_msg_id"), "the rest of the message is kept");
    assertEquals("恭喜你购买成功! ", sent.getJsonObject("data").getJsonObject("first").getString("value"));
  }

  @Test
  void parametersAreUrlEncodedAndReplaceSameNamedOnes() {
    assertEquals(
        "pages/v?agent_id=a%26b%20c%2Bd",
        TemplateMessageBody.withParameter("pages/v", "agent_id", "a&b c+d"));
    assertEquals(
        "p?x=1&group_id=7", TemplateMessageBody.withParameter("p?group_id=3&x=1", "group_id", "7"));
    assertEquals(
        "pages/index?a=1&agent_id=7#sec",
        TemplateMessageBody.withParameter("pages/index?a=1#sec", "agent_id", "7"),
        "a fragment stays at the end");
    assertEquals(
        "index?agent_id=123#frag",
        TemplateMessageBody.withParameter("index?agent_id=1#frag", "agent_id", "123"));
    JsonObject numeric =
        json(
            templates.check(
                ("{\"touser\":\"o\",\"template_id\":\"t\",\"miniprogram\":"
                        + "{\"appid\":\"a\",\"pagepath\":\"index\",\"group_id\":12}}")
                    .getBytes(StandardCharsets.UTF_8)));
    assertEquals("index?group_id=12", numeric.getJsonObject("miniprogram").getString("pagepath"));
  }

  private static JsonObject json(byte[] body) {
    return Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))
        .readObject();
  }

  @Test
  void refusesWhatIsNotOneJsonObject() {
    assertEquals(
        44002,
        assertThrows(UdeskCallException.class, () -> templates.check(new byte[0])).errcode());
    for (String bad :
        new String[] {
          "{", "[]", "touser=o1", "{} {}", "\"x\"", "{\"template_id\":\"a\",\"template_id\":\"b\"}"
        }) {
      UdeskCallException refused =
          assertThrows(
              UdeskCallException.class,
              () -> templates.check(bad.getBytes(StandardCharsets.UTF_8)));
      assertEquals(400, refused.status());
      assertEquals(47001, refused.errcode());
    }
  }

  @Test
  void aLoneSurrogateIsRefusedOnlyWhereTheMessageIsWrittenAgain() {
    String asIs =
        "{\"touser\":\"o1\",\"template_id\":\"t\",\"data\":{\"k\":{\"value\":\"x\\ud800\"}}}";
    byte[] bytes = asIs.getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(bytes, templates.check(bytes), "passed on as received: WeChat reads it");
    String moved =
        "{\"touser\":\"o1\",\"template_id\":\"t\",\"miniprogram\":{\"appid\":\"a\","
            + "\"pagepath\":\"p\",\"agent_id\":\"1\"},\"data\":{\"k\":{\"value\":\"x\\ud800\"}}}";
    UdeskCallException refused =
        assertThrows(
            UdeskCallException.class,
            () -> templates.check(moved.getBytes(StandardCharsets.UTF_8)));
    assertEquals(47001, refused.errcode(), "written again it would carry a '?'");
  }

  @Test
  void tellsATemplateMessageFromAListRequest() {
    assertTrue(
        templates.isTemplateMessage(SEED_002.getBytes(StandardCharsets.UTF_8)),
        "seed 002's body, naming a template_id, is a template message");
    assertFalse(
        templates.isTemplateMessage(new byte[0]), "an empty body asks for the template list");
    assertFalse(
        templates.isTemplateMessage("{}".getBytes(StandardCharsets.UTF_8)),
        "an empty JSON object asks for the template list");
    assertFalse(
        templates.isTemplateMessage("access_token=123".getBytes(StandardCharsets.UTF_8)),
        "a form body asks for the template list");
    assertTrue(
        templates.isTemplateMessage("\n {\"template_id\":\"t\",".getBytes(StandardCharsets.UTF_8)),
        "a broken template message is still one, and is refused as such");
  }
}
