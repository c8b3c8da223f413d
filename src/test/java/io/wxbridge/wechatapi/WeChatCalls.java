package io.wxbridge.wechatapi;

import io.wxbridge.testing.TestBridge;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Calls of the bridge's Udesk face (the simulated domain /udesk/&lt;appid&gt;) that go to the
 * WeChat API, made as Udesk makes them (Udesk §2–5, docs/protocol.md §8).
 */
public final class WeChatCalls {
  /** The placeholder access_token Udesk puts on media requests; it must never reach WeChat. */
  public static final String UDESK_PLACEHOLDER_TOKEN = "UDESK_VIRTUAL_ACCESS_TOKEN";

  private final String appId;

  private final HttpClient http;

  public WeChatCalls(String appId) {
    this(appId, TestBridge.http());
  }

  /** Calls made with this client (e.g. one that speaks only HTTP/1.1). */
  public WeChatCalls(String appId, HttpClient http) {
    this.appId = appId;
    this.http = http;
  }

  /** GET ?openid=…&amp;lang=zh_CN: the follower's basic information (GET /cgi-bin/user/info). */
  public HttpResponse<String> userInfo(String openid) throws Exception {
    return http.send(
        HttpRequest.newBuilder(TestBridge.url(base() + "?openid=" + openid + "&lang=zh_CN"))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** POST touser=…&amp;msgtype=text&amp;text[content]=… (POST /cgi-bin/message/custom/send). */
  public HttpResponse<String> sendText(String openid, String text) throws Exception {
    String form =
        "touser="
            + encoded(openid)
            + "&msgtype=text&"
            + encoded("text[content]")
            + "="
            + encoded(text);
    return http.send(
        HttpRequest.newBuilder(TestBridge.url(base()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** POST ?type=… multipart field media, streamed (POST /cgi-bin/media/upload). */
  public HttpResponse<String> upload(
      String type, String fileName, String contentType, Supplier<InputStream> content, long length)
      throws Exception {
    String boundary = "----udesk" + UUID.randomUUID().toString().replace("-", "");
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: "
                + contentType
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    Supplier<InputStream> multipart =
        () ->
            new SequenceInputStream(
                Collections.enumeration(
                    List.of(
                        new ByteArrayInputStream(head),
                        content.get(),
                        new ByteArrayInputStream(tail))));
    return http.send(
        HttpRequest.newBuilder(TestBridge.url(base() + "?type=" + type))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(multipart),
                    head.length + length + tail.length))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** GET ?media_id=…&amp;access_token=(Udesk's placeholder), streamed (GET /cgi-bin/media/get). */
  public HttpResponse<InputStream> media(String mediaId) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                TestBridge.url(
                    base() + "?media_id=" + mediaId + "&access_token=" + UDESK_PLACEHOLDER_TOKEN))
            .build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  public static JsonObject json(HttpResponse<String> response) {
    return json(response.body());
  }

  public static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }

  private String base() {
    return "/udesk/" + appId;
  }

  private static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
