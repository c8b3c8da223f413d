package io.wxbridge.relay;

import static io.wxbridge.relay.UdeskClient.OPEN;
import static io.wxbridge.relay.UdeskClient.json;
import static io.wxbridge.relay.UdeskClient.upload;
import static io.wxbridge.relay.UdeskClient.wechat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeMedia;
import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.TestBridge;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Temporary media through the simulated domain: bytes and WeChat's headers both ways, WeChat's JSON
 * answers passed on, 20 MB each way, and a download larger than the bridge's whole heap (run by
 * BridgeIT).
 */
public abstract class UdeskMediaChecks {
  private static final Logger LOG = Logger.getLogger(UdeskMediaChecks.class.getName());

  /** A 20 MB file, just under bridge.media.max-upload-bytes (20 MiB). */
  static final long TWENTY_MB = 20_000_000;

  /** More than the bridge's -Xmx512m (arquillian.xml): it can only pass if it is streamed. */
  static final long MORE_THAN_THE_HEAP = 640L * 1024 * 1024;

  private static long uploadCalls() {
    return wechat().received(OPEN, FakeWeChatApi.MEDIA_UPLOAD).size();
  }

  private static HttpResponse<InputStream> download(String mediaId) {
    return UdeskClient.send(
        UdeskClient.request("/udesk/" + OPEN + "?media_id=" + mediaId + "&access_token=123")
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  private static String sha256(InputStream in) {
    try (in) {
      return FakeMedia.sha256(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void twentyMegabytesDownloadedWithWeChatsHeaders() {
    FakeMedia media =
        wechat().addGeneratedMedia(OPEN, "big20", "image/png", "big20.png", TWENTY_MB);

    HttpResponse<InputStream> response = download("big20");

    assertEquals(200, response.statusCode());
    assertEquals("image/png", response.headers().firstValue("Content-Type").orElse(""));
    assertEquals(
        "attachment; filename=\"big20.png\"",
        response.headers().firstValue("Content-Disposition").orElse(""));
    assertEquals(
        String.valueOf(TWENTY_MB), response.headers().firstValue("Content-Length").orElse(""));
    assertEquals(media.sha256(), sha256(response.body()));
  }

  @Test
  void aDownloadLargerThanTheBridgesHeapIsStreamed() {
    FakeMedia media =
        wechat().addGeneratedMedia(OPEN, "huge", "video/mp4", "huge.mp4", MORE_THAN_THE_HEAP);
    long started = System.nanoTime();

    HttpResponse<InputStream> response = download("huge");
    String received = sha256(response.body());

    long millis = (System.nanoTime() - started) / 1_000_000;
    LOG.info(() -> "640 MiB through the bridge in " + millis + " ms");
    assertEquals(200, response.statusCode());
    assertEquals(
        String.valueOf(MORE_THAN_THE_HEAP),
        response.headers().firstValue("Content-Length").orElse(""));
    assertEquals(media.sha256(), received);
  }

  /**
   * A reviewer's point: Udesk going away in the middle of a download (its own timeout, a closed
   * tab) made the JAX-RS runtime log a SEVERE stack trace per download.
   */
  @Test
  void aDownloadItsCallerAbandonsLeavesNoStackTrace() throws Exception {
    wechat().addGeneratedMedia(OPEN, "abandoned", "video/mp4", "abandoned.mp4", TWENTY_MB);
    java.net.URI bridge = TestBridge.url("/");
    int before = TestBridge.serverLog().length();
    for (int i = 0; i < 3; i++) {
      try (java.net.Socket socket = new java.net.Socket(bridge.getHost(), bridge.getPort())) {
        socket.setSoTimeout(10_000);
        socket
            .getOutputStream()
            .write(
                ("GET /udesk/"
                        + OPEN
                        + "?media_id=abandoned&access_token=123 HTTP/1.1\r\nHost: "
                        + bridge.getHost()
                        + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        byte[] start = socket.getInputStream().readNBytes(256 * 1024);
        assertTrue(
            new String(start, 0, 12, StandardCharsets.US_ASCII).equals("HTTP/1.1 200"),
            "the download began");
        socket.setSoLinger(true, 0); // gone at once, as a client that gives up
      }
    }
    Thread.sleep(2_000); // the bridge finds out at its next writes
    String added = TestBridge.serverLog().substring(before);
    assertFalse(added.contains("SEVERE") || added.contains("\tat "), added);
    assertTrue(
        added.contains("Udesk went away during a media download"),
        "one line says so, and WeChat's answer is no longer read: " + added);
  }

  @Test
  void twentyMegabytesUploadedWithItsNameAndType() {
    HttpResponse<String> response =
        upload(
            "/udesk?appid=" + OPEN + "?type=video",
            "会议 录像.mp4",
            "video/mp4",
            () -> FakeMedia.generatedContent(TWENTY_MB),
            TWENTY_MB,
            true);

    assertEquals(200, response.statusCode(), response.body());
    FakeMedia stored = wechat().media(OPEN, json(response).getString("media_id")).orElseThrow();
    assertEquals("会议 录像.mp4", stored.fileName());
    assertEquals("video/mp4", stored.contentType());
    assertEquals(TWENTY_MB, stored.length());
    assertEquals(sha256(FakeMedia.generatedContent(TWENTY_MB)), stored.sha256());
  }

  /**
   * The first attempt sends the upload as it arrives; after WeChat's -1 or a rejected token the
   * spooled copy goes, the whole file again (docs/relay.md, "Upload").
   */
  @Test
  void afterABusyAnswerOrARejectedTokenTheSpooledCopyIsSent() {
    byte[] file = new byte[300_000];
    new java.util.Random(9).nextBytes(file);
    for (Runnable fault :
        java.util.List.<Runnable>of(
            () -> wechat().failNextWith(OPEN, FakeWeChatApi.MEDIA_UPLOAD, -1),
            () -> wechat().invalidateTokens(OPEN))) {
      long before = uploadCalls();
      fault.run();

      HttpResponse<String> response =
          upload(
              "/udesk/" + OPEN + "?type=image",
              "a.jpg",
              "image/jpeg",
              () -> new java.io.ByteArrayInputStream(file),
              file.length,
              true);

      assertEquals(200, response.statusCode(), response.body());
      assertEquals(2, uploadCalls() - before, "the streamed attempt, then the spooled copy");
      assertArrayEquals(
          file,
          UdeskClient.content(
              wechat().media(OPEN, json(response).getString("media_id")).orElseThrow()));
    }
  }

  /**
   * The file's length, taken from the request's, is only an expectation: a part after the file, or
   * no line break after the closing boundary, makes it wrong, and the file still arrives exactly.
   */
  @Test
  void aFileWhoseLengthWasMispredictedStillArrivesExactly() {
    String media =
        "--b\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\nHELLO";
    for (String rest :
        new String[] {
          "\r\n--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n",
          "\r\n--b--"
        }) {
      HttpResponse<String> response =
          UdeskClient.post(
              "/udesk/" + OPEN + "?type=image", "multipart/form-data; boundary=b", media + rest);

      assertEquals(200, response.statusCode(), response.body());
      assertArrayEquals(
          "HELLO".getBytes(StandardCharsets.UTF_8),
          UdeskClient.content(
              wechat().media(OPEN, json(response).getString("media_id")).orElseThrow()));
    }
  }

  @Test
  void anUploadWithoutDeclaredLengthIsStreamedToo() {
    byte[] file = "voice bytes 语音".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response =
        upload(
            "/udesk/" + OPEN + "?type=voice",
            "a.amr",
            "audio/amr",
            () -> new java.io.ByteArrayInputStream(file),
            file.length,
            false);

    assertEquals(200, response.statusCode(), response.body());
    assertArrayEquals(
        file,
        UdeskClient.content(
            wechat().media(OPEN, json(response).getString("media_id")).orElseThrow()));
  }

  @Test
  void aPartWithoutFileNameIsNamedAfterItsType() {
    HttpResponse<String> response =
        UdeskClient.post(
            "/udesk/" + OPEN + "?type=image",
            "multipart/form-data; boundary=b",
            "--b\r\nContent-Disposition: form-data; name=\"media\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--b--\r\n");

    assertEquals(200, response.statusCode(), response.body());
    FakeMedia stored = wechat().media(OPEN, json(response).getString("media_id")).orElseThrow();
    assertEquals("media.png", stored.fileName());
    assertArrayEquals("PNG".getBytes(StandardCharsets.UTF_8), UdeskClient.content(stored));
  }

  @Test
  void anUploadOverTheLimitIsRefusedBeforeReachingWeChat() {
    long over = 20L * 1024 * 1024 + 1;
    for (boolean declared : new boolean[] {true, false}) {
      long before = uploadCalls();

      HttpResponse<String> response =
          upload(
              "/udesk/" + OPEN + "?type=image",
              "big.jpg",
              "image/jpeg",
              () -> FakeMedia.generatedContent(over),
              over,
              declared);

      assertEquals(
          413, response.statusCode(), "declared length " + declared + ": " + response.body());
      assertEquals(45001, json(response).getInt("errcode"));
      assertTrue(
          json(response).getString("errmsg").contains("20971520"),
          "the refusal names the limit in bytes: " + response.body());
      assertEquals(before, uploadCalls(), "WeChat got no upload");
    }
  }

  /** Without a length (chunked), a field before the file is read only as far as 64 KiB. */
  @Test
  void aLargeFieldBeforeTheFileOfAChunkedUploadIsRefusedBeforeReachingWeChat() {
    long before = uploadCalls();
    byte[] body =
        ("--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
                + "x".repeat(1024 * 1024)
                + "\r\n--b\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.jpg\""
                + "\r\nContent-Type: image/jpeg\r\n\r\nJPEG\r\n--b--\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    HttpResponse<String> response =
        UdeskClient.send(
            UdeskClient.request("/udesk/" + OPEN + "?type=image")
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(413, response.statusCode(), response.body());
    assertEquals(45001, json(response).getInt("errcode"));
    assertEquals(before, uploadCalls(), "WeChat got no upload");
  }

  /**
   * The refusal reaches an agent whose upload was still coming: the bridge reads the rest of it
   * (within a bound) before closing. WildFly closed at once, and the agent got a broken pipe.
   */
  @Test
  void aRefusedUploadsAnswerReachesTheAgentStillSendingIt() throws Exception {
    long before = uploadCalls();

    String answer =
        UdeskClient.answerToBodyInTwoParts(
            "/udesk/" + OPEN + "?type=image",
            "multipart/form-data; boundary=b",
            "--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n" + "x".repeat(128 * 1024),
            "x".repeat(512 * 1024)
                + "\r\n--b\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.jpg\""
                + "\r\nContent-Type: image/jpeg\r\n\r\nJPEG\r\n--b--\r\n");

    assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
    assertTrue(answer.contains("{\"errcode\":45001,"), answer);
    assertEquals(before, uploadCalls(), "WeChat got no upload");
  }

  @Test
  void videosComeBackAsWeChatsJson() {
    wechat().addVideo(OPEN, "vid", "http://mmsns.qpic.cn/video/abc.mp4");

    HttpResponse<String> response =
        UdeskClient.get("/udesk/" + OPEN + "?media_id=vid&access_token=123");

    assertEquals(200, response.statusCode());
    assertEquals(
        FakeWeChatApi.asServed(FakeWeChatApi.JSON),
        FakeWeChatApi.asServed(response.headers().firstValue("Content-Type").orElse("")));
    assertEquals("{\"video_url\":\"http://mmsns.qpic.cn/video/abc.mp4\"}", response.body());
  }

  @Test
  void anUnknownMediaIdIsWeChatsOwnAnswer() {
    HttpResponse<String> response = UdeskClient.get("/udesk?appid=" + OPEN + "&media_id=nonesuch");

    assertEquals(200, response.statusCode());
    assertEquals(
        FakeWeChatApi.asServed(FakeWeChatApi.JSON),
        FakeWeChatApi.asServed(response.headers().firstValue("Content-Type").orElse("")));
    assertEquals(40007, json(response).getInt("errcode"));
  }

  /**
   * WeChat's answer without a Content-Length (chunked) is received whole first: streamed, a chunked
   * answer that broke off reached Udesk as a complete, shorter file (the server ends Udesk's
   * chunked answer properly whatever happened upstream).
   */
  @Test
  void aDownloadWithoutALengthIsPassedOnWithItsLength() {
    byte[] file = new byte[300_000];
    new java.util.Random(7).nextBytes(file);
    wechat().addMedia(OPEN, "chunked", "image/jpeg", "chunked.jpg", file);
    wechat().sendNextDownloadChunked(OPEN, false);

    HttpResponse<byte[]> response =
        UdeskClient.send(
            UdeskClient.request("/udesk/" + OPEN + "?media_id=chunked").GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertEquals(200, response.statusCode());
    assertEquals("300000", response.headers().firstValue("Content-Length").orElse(""));
    assertEquals("image/jpeg", response.headers().firstValue("Content-Type").orElse(""));
    assertArrayEquals(file, response.body());
  }

  @Test
  void aDownloadWithoutALengthThatBreaksOffIsAnErrorNotAShorterFile() {
    byte[] file = new byte[300_000];
    new java.util.Random(8).nextBytes(file);
    wechat().addMedia(OPEN, "broken", "image/jpeg", "broken.jpg", file);
    wechat().sendNextDownloadChunked(OPEN, true);

    HttpResponse<String> response = UdeskClient.get("/udesk/" + OPEN + "?media_id=broken");

    assertEquals(504, response.statusCode(), response.body());
    assertEquals(-1, json(response).getInt("errcode"), response.body());
    assertTrue(json(response).getString("errmsg").contains("broke off"), response.body());
  }
}
