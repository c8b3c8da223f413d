package io.wxbridge.wechat;

import io.wxbridge.testing.TestBridge;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Calls of the bridge's faces that go to the WeChat API, as a client (Udesk) makes them. */
public final class WeChatCalls {
  private final String appId;

  public WeChatCalls(String appId) {
    this.appId = appId;
  }

  /** User info of a follower: GET /cgi-bin/user/info behind the bridge. */
  public HttpResponse<String> userInfo(String openid) throws Exception {
    return TestBridge.http().send(HttpRequest.newBuilder(TestBridge.url(base() + "/user-info?openid=" + openid)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** A customer-service text message: POST /cgi-bin/message/custom/send behind the bridge. */
  public HttpResponse<String> sendText(String openid, String text) throws Exception {
    String json = Json.createObjectBuilder().add("touser", openid).add("msgtype", "text")
        .add("text", Json.createObjectBuilder().add("content", text)).build().toString();
    return TestBridge.http().send(HttpRequest.newBuilder(TestBridge.url(base() + "/send"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Uploads a file of {@code length} bytes: POST /cgi-bin/media/upload behind the bridge. */
  public HttpResponse<String> upload(String type, String fileName, String contentType, Supplier<InputStream> content,
      long length) throws Exception {
    return TestBridge.http().send(HttpRequest.newBuilder(TestBridge.url(base() + "/upload?type=" + type))
            .header("Content-Type", contentType)
            .header("X-File-Name", java.net.URLEncoder.encode(fileName, StandardCharsets.UTF_8))
            .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(content), length))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** A temporary media file, streamed: GET /cgi-bin/media/get behind the bridge. */
  public HttpResponse<InputStream> media(String mediaId) throws Exception {
    return TestBridge.http().send(HttpRequest.newBuilder(TestBridge.url(base() + "/media?media_id=" + mediaId)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  public static JsonObject json(HttpResponse<String> response) {
    return json(response.body());
  }

  public static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }

  private String base() {
    return "/temporary-wechat-probe/" + appId;
  }
}
