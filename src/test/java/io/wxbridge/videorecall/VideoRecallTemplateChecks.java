package io.wxbridge.videorecall;

import static io.wxbridge.videorecall.VideoRecallClient.SET_UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.RecordedRequest;
import io.wxbridge.testing.TestBridge;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The other half of video recall: Udesk's template message whose miniprogram opens the video
 * mini-program, sent through the Udesk face, reaches WeChat with agent_id and group_id joined to
 * its pagepath as parameters, as seed 002 asks (run by BridgeIT).
 */
public abstract class VideoRecallTemplateChecks {

  @Test
  void aTemplateOpeningTheVideoMiniProgramArrivesAtWeChatWithAgentAndGroupInItsPagePath()
      throws Exception {
    String openid = "oVideo_tpl_" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject miniprogram =
        Json.createObjectBuilder()
            .add("appid", "xiaochengxuappid12345")
            .add("pagepath", "pages/video/index?foo=bar")
            .add("agent_id", "123")
            .add("group_id", "12")
            .build();
    String body =
        Json.createObjectBuilder()
            .add("touser", openid)
            .add("template_id", "ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpB027izEYtY")
            .add("url", "http://weixin.qq.com/download")
            .add("miniprogram", miniprogram)
            .add(
                "data",
                Json.createObjectBuilder()
                    .add(
                        "first",
                        Json.createObjectBuilder().add("value", "视频客服邀请").add("color", "#173177"))
                    .add(
                        "keyword1",
                        Json.createObjectBuilder().add("value", "巧克力").add("color", "#173177")))
            .build()
            .toString();

    HttpResponse<String> answer =
        TestBridge.http()
            .send(
                HttpRequest.newBuilder(
                        TestBridge.url("/udesk/" + SET_UP + "/message/template/send"))
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertEquals(200, answer.statusCode(), answer.body());
    JsonObject wechatsAnswer = Json.createReader(new StringReader(answer.body())).readObject();
    assertEquals(0, wechatsAnswer.getInt("errcode"), answer.body());
    assertTrue(
        wechatsAnswer.containsKey("msgid"), "WeChat's answer is passed back: " + answer.body());

    RecordedRequest sent =
        TestBridge.wechat().received(SET_UP, FakeWeChatApi.TEMPLATE_SEND).stream()
            .filter(r -> r.bodyText().contains(openid))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the template send did not reach WeChat"));
    JsonObject arrived = Json.createReader(new ByteArrayInputStream(sent.body())).readObject();
    JsonObject expected =
        Json.createObjectBuilder()
            .add("appid", "xiaochengxuappid12345")
            .add("pagepath", "pages/video/index?foo=bar&agent_id=123&group_id=12")
            .build();
    assertEquals(
        expected,
        arrived.getJsonObject("miniprogram"),
        "agent_id and group_id are pagepath parameters");
    JsonObject original = Json.createReader(new StringReader(body)).readObject();
    assertEquals(
        original.getJsonObject("data"),
        arrived.getJsonObject("data"),
        "the rest arrives unchanged");
    assertEquals(original.getString("touser"), arrived.getString("touser"));
  }
}
