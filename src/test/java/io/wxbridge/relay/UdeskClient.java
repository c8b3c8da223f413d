package io.wxbridge.relay;

import io.wxbridge.testing.FakeMedia;
import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.RecordedRequest;
import io.wxbridge.testing.TestBridge;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Udesk as the tests play it: calls on the simulated domain over real HTTP, and what WeChat then
 * saw.
 */
final class UdeskClient {
  /** Answers at /udesk/&lt;appid&gt; and /udesk?appid=&lt;appid&gt; (bridge-it.properties). */
  static final String OPEN = "wxrelay0000000001";

  /** Answers only at /udesk/&lt;HIDDEN_PATH&gt;. */
  static final String HIDDEN = "wxrelay0000000002";

  static final String HIDDEN_PATH = "RelayPath-0123456789abcdef";
  static final String FORM = "application/x-www-form-urlencoded";
  static final String CURL_BOUNDARY = "------------------------8f3b7a02c1d9e6a4";

  private UdeskClient() {}

  static FakeWeChatApi wechat() {
    return TestBridge.wechat();
  }

  static HttpResponse<String> get(String pathAndQuery, String... headers) {
    return send(request(pathAndQuery, headers).GET().build());
  }

  static HttpResponse<String> post(
      String pathAndQuery, String contentType, String body, String... headers) {
    return post(pathAndQuery, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  static HttpResponse<String> post(
      String pathAndQuery, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder request =
        request(pathAndQuery, headers).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request.build());
  }

  /** What curl -F media=@NAME sends: one part named media, with the file's name and type. */
  static HttpResponse<String> upload(
      String pathAndQuery,
      String fileName,
      String contentType,
      Supplier<InputStream> file,
      long length,
      boolean declareLength) {
    byte[] head =
        ("--"
                + CURL_BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: "
                + contentType
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + CURL_BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
    Supplier<InputStream> body =
        () ->
            new SequenceInputStream(
                new ByteArrayInputStream(head),
                new SequenceInputStream(file.get(), new ByteArrayInputStream(tail)));
    HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofInputStream(body);
    if (declareLength) {
      publisher =
          HttpRequest.BodyPublishers.fromPublisher(publisher, head.length + length + tail.length);
    }
    return send(
        request(pathAndQuery)
            .header("Content-Type", "multipart/form-data; boundary=" + CURL_BOUNDARY)
            .POST(publisher)
            .build());
  }

  static HttpResponse<String> upload(
      String pathAndQuery, String fileName, String contentType, byte[] file) {
    return upload(
        pathAndQuery,
        fileName,
        contentType,
        () -> new ByteArrayInputStream(file),
        file.length,
        true);
  }

  static HttpRequest.Builder request(String pathAndQuery, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(TestBridge.url(pathAndQuery));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return request;
  }

  static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return TestBridge.http().send(request, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> send(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /**
   * The whole answer to a chunked POST whose body comes in two chunks, the second 300 ms after the
   * first (time for the bridge to refuse the first), as an agent's slower upload comes. Fails when
   * the bridge closed the connection before taking the whole body: the caller then gets a broken
   * pipe, which many clients (the JDK's among them) report instead of the answer. Only WildFly
   * closed such a connection at once; Payara reads a refused body on by itself.
   */
  static String answerToBodyInTwoParts(
      String pathAndQuery, String contentType, String first, String second) throws Exception {
    java.net.URI bridge = TestBridge.url(pathAndQuery);
    try (java.net.Socket socket = new java.net.Socket(bridge.getHost(), bridge.getPort())) {
      socket.setSoTimeout(10_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + bridge.getRawPath()
                  + (bridge.getRawQuery() == null ? "" : "?" + bridge.getRawQuery())
                  + " HTTP/1.1\r\nHost: "
                  + bridge.getHost()
                  + "\r\nContent-Type: "
                  + contentType
                  + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + chunk(first))
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Thread.sleep(300);
      try {
        out.write((chunk(second) + "0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException brokenPipe) {
        throw new AssertionError(
            "the bridge closed the connection while the body came", brokenPipe);
      }
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String chunk(String text) {
    return Integer.toHexString(text.length()) + "\r\n" + text + "\r\n";
  }

  static JsonObject json(HttpResponse<String> response) {
    return json(response.body());
  }

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  /** The account's calls to the WeChat API proper (token requests left out), oldest first. */
  static List<RecordedRequest> apiCalls(String appId) {
    return wechat().received(appId).stream().filter(r -> !r.path().contains("token")).toList();
  }

  /** The account's latest call to this WeChat path. */
  static RecordedRequest lastCall(String appId, String path) {
    List<RecordedRequest> calls = wechat().received(appId, path);
    if (calls.isEmpty()) {
      throw new AssertionError("WeChat received no call to " + path + " for " + appId);
    }
    return calls.get(calls.size() - 1);
  }

  /** A request's query parameters, decoded (a repeated name keeps all its values, comma-joined). */
  static Map<String, String> query(RecordedRequest request) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = request.query();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.merge(name, value, (a, b) -> a + "," + b);
    }
    return params;
  }

  /** A media item's content as WeChat holds it. */
  static byte[] content(FakeMedia media) {
    try (InputStream in = media.open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return FakeMedia.sha256(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
