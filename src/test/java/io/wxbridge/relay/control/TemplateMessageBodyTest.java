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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateMessageBodyTest {
  private static final String SEED_002 =
      "{\n    \"touser\":\"OPENID\",\n\"template_id\":\"ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpB027izEYtY\","
          + "\"url\":\"http://weixin.qq.com/download\",\"miniprogram\":{\"appid\": \"xiaochengxuappid12345\","
          + "\"pagepath\": \"index?foo=bar\",\"agent_id\":\"123\",\"group_id\":\"12\"},\"client_msg_id\":\"m-1\","
          + "\"data\":{\"first\": {\"value\":\"恭喜你购买成功! \",\"color\":\"#173177\"}}}";
  private final TemplateMessageBody templates = new TemplateMessageBody();

  /** Seed 002's request line for the template send names the domain itself, where POSTs send. */
  @Test
  void aTemplateMessagePostedAsACustomerMessageIsToldApart() {
    byte[] template =
        SEED_002
            .replace(",\"agent_id\":\"123\",\"group_id\":\"12\"", "")
            .getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(template, templates.postedAsCustomerMessage(template).orElseThrow());

    for (String customerMessage :
        List.of(
            "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"}}",
            // a customer-service message that names a template_id is still one
            "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},"
                + "\"template_id\":\"t\"}",
            "touser=o1&msgtype=text&text[content]=%22template_id%22",
            "{\"template_id\":")) {
      assertTrue(
          templates
              .postedAsCustomerMessage(customerMessage.getBytes(StandardCharsets.UTF_8))
              .isEmpty(),
          customerMessage);
    }
  }

  @Test
  void passedOnByteForByteWithoutAgentOrGroup() {
    byte[] body =
        SEED_002
            .replace(",\"agent_id\":\"123\",\"group_id\":\"12\"", "")
            .getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(body, templates.check(body));
  }

  @Test
  void aByteOrderMarkIsTakenOffAndTheRestPassedOn() {
    byte[] body =
        SEED_002
            .replace(",\"agent_id\":\"123\",\"group_id\":\"12\"", "")
            .getBytes(StandardCharsets.UTF_8);
    byte[] marked = new byte[body.length + 3];
    marked[0] = (byte) 0xEF;
    marked[1] = (byte) 0xBB;
    marked[2] = (byte) 0xBF;
    System.arraycopy(body, 0, marked, 3, body.length);
    assertArrayEquals(body, templates.check(marked), "at the send path");
    assertArrayEquals(
        body,
        templates.postedToList("application/json", marked).orElseThrow(),
        "and posted to the list path");
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

  /** T12 of the hostile probe: WeChat got "pagepath":"p?agent_id=%3F" and Udesk a 200. */
  @Test
  void aLoneSurrogateInAnIdThatMovesIntoThePagePathIsRefused() {
    for (String id : new String[] {"\"\\ud800\"", "\"12\\udc00\""}) {
      UdeskCallException refused =
          assertThrows(
              UdeskCallException.class,
              () -> templates.check(withMiniprogram("\"pagepath\":\"p\",\"agent_id\":" + id)),
              id);
      assertEquals(400, refused.status(), id);
      assertEquals(47001, refused.errcode(), id);
    }
    byte[] noPagePath = withMiniprogram("\"agent_id\":\"\\ud800\"");
    assertArrayEquals(noPagePath, templates.check(noPagePath), "not written again: passed on");
  }

  /**
   * T09 of the hostile probe: an object was dropped and the template sent unrouted. Udesk's ids are
   * integers (its example quotes them), so a string or an integer is an id; null or "" is none.
   */
  @Test
  void anIdThatIsNeitherAStringNorAnIntegerIsRefused() {
    for (String id : new String[] {"{\"x\":1}", "[1]", "true", "false", "1.5", "1e3", "12.0"}) {
      for (String name : new String[] {"agent_id", "group_id"}) {
        UdeskCallException refused =
            assertThrows(
                UdeskCallException.class,
                () -> templates.check(withMiniprogram("\"pagepath\":\"p\",\"" + name + "\":" + id)),
                name + ":" + id);
        assertEquals(400, refused.status(), id);
        assertEquals(47001, refused.errcode(), id);
        assertTrue(refused.getMessage().contains("miniprogram." + name), refused.getMessage());
      }
    }
    assertEquals("p?agent_id=123", pagePath("\"agent_id\":123"));
    assertEquals("p?group_id=-7", pagePath("\"group_id\":-7"));
    assertEquals("p?group_id=12", pagePath("\"agent_id\":null,\"group_id\":\"12\""));
    assertEquals("p", pagePath("\"agent_id\":\" \",\"group_id\":null"));
  }

  private String pagePath(String ids) {
    JsonObject miniprogram =
        json(templates.check(withMiniprogram("\"pagepath\":\"p\"," + ids)))
            .getJsonObject("miniprogram");
    assertFalse(
        miniprogram.containsKey("agent_id") || miniprogram.containsKey("group_id"),
        "WeChat's miniprogram knows only appid and pagepath: " + miniprogram);
    return miniprogram.getString("pagepath");
  }

  private static byte[] withMiniprogram(String fields) {
    return ("{\"touser\":\"o1\",\"template_id\":\"t\",\"miniprogram\":{\"appid\":\"a\","
            + fields
            + "}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void tellsATemplateMessageFromAListRequest() {
    assertArrayEquals(
        SEED_002
            .replace(",\"agent_id\":\"123\",\"group_id\":\"12\"", "")
            .getBytes(StandardCharsets.UTF_8),
        postedToList(
                "application/x-www-form-urlencoded",
                SEED_002.replace(",\"agent_id\":\"123\",\"group_id\":\"12\"", ""))
            .orElseThrow(),
        "a JSON object naming a template_id is a template message (curl -d labels it a form)");
    assertTrue(postedToList(null, SEED_002).isPresent(), "routed like any template message");
    for (String withoutTemplateId :
        new String[] {
          "{\"touser\":\"OPENID\",\"templateid\":\"x\"}",
          "{\"data\":{\"first\":{\"value\":\"hi\"}}}"
        }) {
      assertEquals(
          withoutTemplateId,
          new String(
              postedToList("application/json", withoutTemplateId).orElseThrow(),
              StandardCharsets.UTF_8),
          "a message without template_id goes to WeChat, whose refusal Udesk then gets, not the list");
    }
    for (String[] list :
        new String[][] {
          {null, ""},
          {"application/json", ""},
          {"application/json", " \r\n"},
          {"application/json", "{}"},
          {"application/json", "{\"access_token\":\"123\"}"},
          {null, " {} "},
          {"application/x-www-form-urlencoded", "access_token=123"},
          {null, "access_token=123"}
        }) {
      assertTrue(
          postedToList(list[0], list[1]).isEmpty(),
          list[0] + " '" + list[1] + "' asks for the template list");
    }
  }

  /**
   * T17 of the hostile probe: "{{{" labelled JSON was answered with the template list. A body read
   * as JSON must be one JSON object; a broken template message is refused as one.
   */
  @Test
  void aMalformedJsonBodyPostedToTheListPathIsRefused() {
    for (String[] bad :
        new String[][] {
          {"application/json", "{{{"},
          {null, "{{{"},
          {"application/x-www-form-urlencoded", "\n {\"template_id\":\"t\","},
          {"application/json", "[]"},
          {"application/json", "access_token=123"},
          {"application/json; charset=UTF-8", "{} {}"},
          {"text/plain", "{\"a\":1,\"a\":2}"}
        }) {
      UdeskCallException refused =
          assertThrows(
              UdeskCallException.class, () -> postedToList(bad[0], bad[1]), bad[0] + " " + bad[1]);
      assertEquals(400, refused.status(), bad[1]);
      assertEquals(47001, refused.errcode(), bad[1]);
    }
  }

  private Optional<byte[]> postedToList(String contentType, String body) {
    return templates.postedToList(contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}
