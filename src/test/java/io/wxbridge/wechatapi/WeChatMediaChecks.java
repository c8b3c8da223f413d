package io.wxbridge.wechatapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeMedia;
import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.RecordedRequest;
import io.wxbridge.testing.TestBridge;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Temporary media through the Udesk face: 20 MB each way, byte for byte, with WeChat's headers, and
 * WeChat's JSON answers (video_url, errcodes) passed on as JSON (run by BridgeIT).
 */
public abstract class WeChatMediaChecks {
  static final long TWENTY_MB = 20L * 1024 * 1024;
  private static final String APP = "wxtokenmedia00001";
  private final FakeWeChatApi wechat = TestBridge.wechat();

  @Test
  void a20MegabyteDownloadComesThroughWithWeChatsHeaders() throws Exception {
    FakeMedia media =
        wechat.addGeneratedMedia(APP, "MEDIA20MB", "image/jpeg", "MEDIA20MB.jpg", TWENTY_MB);

    HttpResponse<InputStream> download = new WeChatCalls(APP).media("MEDIA20MB");

    assertEquals(200, download.statusCode());
    assertEquals("image/jpeg", download.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(
        "attachment; filename=\"MEDIA20MB.jpg\"",
        download.headers().firstValue("Content-Disposition").orElseThrow());
    assertEquals(
        String.valueOf(TWENTY_MB), download.headers().firstValue("Content-Length").orElseThrow());
    try (InputStream body = download.body()) {
      assertEquals(media.sha256(), FakeMedia.sha256(body));
    }
  }

  @Test
  void a20MegabyteUploadArrivesWhole() throws Exception {
    HttpResponse<String> uploaded =
        new WeChatCalls(APP)
            .upload(
                "image",
                "照片 big.jpg",
                "image/jpeg",
                () -> FakeMedia.generatedContent(TWENTY_MB),
                TWENTY_MB);

    assertEquals(200, uploaded.statusCode(), uploaded.body());
    JsonObject answer = WeChatCalls.json(uploaded);
    assertEquals("image", answer.getString("type"));
    assertTrue(
        answer.getJsonNumber("created_at").longValue() > 0,
        "WeChat's upload answer carries a positive created_at");
    FakeMedia stored = wechat.media(APP, answer.getString("media_id")).orElseThrow();
    assertEquals(TWENTY_MB, stored.length());
    assertEquals("照片 big.jpg", stored.fileName());
    assertEquals("image/jpeg", stored.contentType());
    assertEquals(FakeMedia.sha256(FakeMedia.generatedContent(TWENTY_MB)), stored.sha256());
  }

  @Test
  void aVideoAnswersWithItsUrlAsJson() throws Exception {
    wechat.addVideo(
        APP, "VIDEO1", "http://vweixinf.tc.qq.com/102/20202/snsvideodownload?filekey=abc");
    HttpResponse<InputStream> video = new WeChatCalls(APP).media("VIDEO1");
    assertEquals(200, video.statusCode());
    assertTrue(
        video.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"),
        "a video's media answer is JSON (its video_url), not bytes");
    try (InputStream body = video.body()) {
      assertEquals(
          "{\"video_url\":\"http://vweixinf.tc.qq.com/102/20202/snsvideodownload?filekey=abc\"}",
          new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aMediaIdWithBracesPercentsAndSeparatorsReachesWeChatUnchanged() throws Exception {
    String mediaId = "M{1}50%41 a&b=c+d";
    wechat.addVideo(APP, mediaId, "http://vweixinf.tc.qq.com/102/20202/snsvideodownload?filekey=x");
    HttpResponse<InputStream> video =
        new WeChatCalls(APP).media(URLEncoder.encode(mediaId, StandardCharsets.UTF_8));
    try (InputStream body = video.body()) {
      String answer = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(200, video.statusCode(), answer);
      assertTrue(answer.contains("video_url"), "WeChat found the media by its id: " + answer);
    }
  }

  @Test
  void anUnknownMediaIdIsWeChatsErrorAndUdesksPlaceholderTokenNeverReachesWeChat()
      throws Exception {
    HttpResponse<InputStream> unknown = new WeChatCalls(APP).media("NO_SUCH_MEDIA");
    try (InputStream body = unknown.body()) {
      assertEquals(
          40007,
          WeChatCalls.json(new String(body.readAllBytes(), StandardCharsets.UTF_8))
              .getInt("errcode"));
    }
    RecordedRequest asked =
        wechat.received(APP, FakeWeChatApi.MEDIA_GET).stream()
            .filter(r -> r.query().contains("media_id=NO_SUCH_MEDIA"))
            .findFirst()
            .orElseThrow();
    assertFalse(
        asked.query().contains(WeChatCalls.UDESK_PLACEHOLDER_TOKEN),
        "Udesk's placeholder access_token never reaches WeChat: " + asked.query());
    assertTrue(
        asked.query().contains("access_token=" + wechat.issued(APP).get(0).value()),
        "the bridge's own token");
  }
}
