package io.wxbridge.relay;

import static io.wxbridge.relay.UdeskClient.FORM;
import static io.wxbridge.relay.UdeskClient.HIDDEN_PATH;
import static io.wxbridge.relay.UdeskClient.OPEN;
import static io.wxbridge.relay.UdeskClient.apiCalls;
import static io.wxbridge.relay.UdeskClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.StalledRequests;
import io.wxbridge.testing.TestBridge;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every bad input on the Udesk face (docs/relay.md): a WeChat-shaped JSON error with a 4xx status
 * and the errcode WeChat uses for the same mistake, never a 5xx or a stack trace, and nothing sent
 * to WeChat (run by BridgeIT).
 */
public abstract class UdeskBadInputChecks {
  private static final String ROOT = "/udesk/" + OPEN;

  private static void assertRefused(HttpResponse<String> response, int status, int errcode) {
    String what =
        response.request().method() + " " + response.request().uri() + " -> " + response.body();
    assertEquals(status, response.statusCode(), what);
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        "a WeChat-shaped JSON refusal: " + what);
    JsonObject error = json(response);
    assertEquals(errcode, error.getInt("errcode"), what);
    assertFalse(error.getString("errmsg").isBlank(), "an errmsg that says what is wrong: " + what);
    assertFalse(
        response.body().contains("Exception") || response.body().contains("\tat "),
        "no exception or stack trace in the answer: " + what);
  }

  /** The methods an answer's Allow header names, however the server splits them into lines. */
  private static Set<String> allowed(HttpResponse<?> response) {
    return response.headers().allValues("Allow").stream()
        .flatMap(line -> java.util.Arrays.stream(line.split(",")))
        .map(String::strip)
        .collect(Collectors.toSet());
  }

  private static void refusedBeforeWeChat(
      HttpResponse<String> response, int status, int errcode, int callsBefore) {
    assertRefused(response, status, errcode);
    assertEquals(
        callsBefore, apiCalls(OPEN).size(), "nothing reached WeChat: " + response.request().uri());
  }

  private static HttpResponse<String> post(String url, String contentType, String body) {
    return UdeskClient.post(url, contentType, body);
  }

  @Test
  void customerMessagesWeChatWouldRefuse() {
    int before = apiCalls(OPEN).size();
    refusedBeforeWeChat(post(ROOT, FORM, "msgtype=text&text[content]=who"), 400, 41009, before);
    refusedBeforeWeChat(
        post(ROOT, FORM, "touser=&msgtype=text&text[content]=who"), 400, 41009, before);
    refusedBeforeWeChat(post(ROOT, FORM, "touser=o1&text[content]=what"), 400, 40008, before);
    refusedBeforeWeChat(
        post(ROOT, FORM, "touser=o1&msgtype=hologram&hologram[id]=1"), 400, 40008, before);
    refusedBeforeWeChat(
        post(ROOT, FORM, "touser=o1&msgtype=text&content=flat"), 400, 47001, before);
    refusedBeforeWeChat(
        post(ROOT, "application/json", "{\"touser\":\"o1\",\"msgtype\":\"image\"}"),
        400,
        47001,
        before);
    refusedBeforeWeChat(
        post(ROOT, "application/json", "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}"),
        400,
        41009,
        before);
  }

  @Test
  void malformedBodies() {
    int before = apiCalls(OPEN).size();
    // an empty POST on the domain itself asks for the template list (UdeskSeedExamplesChecks)
    refusedBeforeWeChat(post(ROOT + "/message", FORM, ""), 400, 44002, before);
    refusedBeforeWeChat(post(ROOT + "/message/custom/send", FORM, " "), 400, 44002, before);
    refusedBeforeWeChat(
        post(ROOT, FORM, "touser=o1&msgtype=text&text[content=x"), 400, 47001, before);
    refusedBeforeWeChat(
        post(ROOT, FORM, "touser=o1&touser=o2&msgtype=text&text[content]=x"), 400, 47001, before);
    refusedBeforeWeChat(
        post(ROOT, FORM, "touser=o1&msgtype=text&text[content]=%E4%zz"), 400, 47001, before);
    refusedBeforeWeChat(
        post(ROOT, "application/json", "{\"touser\":\"o1\",\"msgtype\":"), 400, 47001, before);
    refusedBeforeWeChat(post(ROOT, "application/json", "[\"touser\"]"), 400, 47001, before);
    refusedBeforeWeChat(
        post(ROOT, "text/xml", "<xml><touser>o1</touser></xml>"), 415, 47001, before);
    refusedBeforeWeChat(
        post(ROOT, "multipart/form-data; boundary=b", "--b--\r\n"), 415, 47001, before);
    // a charset the JDK can only decode: was a 500 and a stack trace in the log
    refusedBeforeWeChat(
        post(ROOT, FORM + "; charset=ISO-2022-CN", "touser=o1&msgtype=text&text[content]=a+b"),
        415,
        47001,
        before);
    refusedBeforeWeChat(
        post(ROOT + "/message/template/send", "application/json", "{\"touser\":"),
        400,
        47001,
        before);
    refusedBeforeWeChat(
        post(ROOT + "/message/template/send", "application/json", ""), 400, 44002, before);
    refusedBeforeWeChat(
        post(ROOT, FORM, "touser=o1&msgtype=text&text[content]=" + "x".repeat(1024 * 1024)),
        413,
        45002,
        before);
  }

  /**
   * As for an upload (UdeskMediaChecks): a message over 1 MiB is refused to a caller still sending
   * it.
   */
  @Test
  void aMessageOverOneMebibyteIsRefusedToACallerStillSendingIt() throws Exception {
    int before = apiCalls(OPEN).size();

    String answer =
        UdeskClient.answerToBodyInTwoParts(
            ROOT,
            FORM,
            "touser=o1&msgtype=text&text[content]=" + "x".repeat(1024 * 1024 + 1),
            "x".repeat(512 * 1024));

    assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
    assertTrue(answer.contains("{\"errcode\":45002,"), answer);
    assertEquals(before, apiCalls(OPEN).size(), "WeChat got nothing");
  }

  /**
   * Content-Type and Accept headers the runtime cannot parse: the runtimes refused them before any
   * JAX-RS filter (Jersey with a bare 400, RESTEasy with an HTML 400, or a 500 for an Accept whose
   * q is not a number). Which Content-Types are unparsable is each runtime's call (RESTEasy reads
   * an empty boundary as a boundary; on WildFly a Content-Type of "/" arrives as none): either way
   * the answer is WeChat-shaped JSON.
   */
  @Test
  void unreadableMediaTypeHeadersGetWeChatsJson() {
    int before = apiCalls(OPEN).size();
    for (String type :
        List.of(
            "/", "multipart/form-data; boundary=", "application/json; charset=", "a/b; c=\"d")) {
      HttpResponse<String> upload = post(ROOT + "?type=image", type, "--\r\n");
      refusedBeforeWeChat(upload, upload.statusCode() == 415 ? 415 : 400, 47001, before);
      assertJsonRefusal(post(ROOT, type, "touser=o1"), before);
    }
    // Content-Type given twice, and WeChat's face: text, with the request id as every answer
    HttpResponse<String> twice =
        UdeskClient.send(
            UdeskClient.request(ROOT)
                .header("Content-Type", FORM)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("touser=o1&msgtype=text&text[content]=x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    refusedBeforeWeChat(twice, 400, 47001, before);
    assertTrue(twice.headers().firstValue("X-Request-Id").isPresent(), "a request id");
    assertEquals("nosniff", twice.headers().firstValue("X-Content-Type-Options").orElse(""));
    HttpResponse<String> push =
        UdeskClient.send(
            UdeskClient.request("/wechat/" + OPEN + "?signature=a&timestamp=1&nonce=2")
                .header("Accept", "*/*; q=abc")
                .POST(HttpRequest.BodyPublishers.ofString("<xml/>"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, push.statusCode(), push.body());
    assertEquals("text/plain", push.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    assertTrue(push.headers().firstValue("X-Request-Id").isPresent(), "a request id");
    refusedBeforeWeChat(accepting("*/*; q=abc"), 400, 47001, before);
    refusedBeforeWeChat(accepting("application/json; q=2"), 400, 47001, before);
    refusedBeforeWeChat(accepting("text/html, /"), 400, 47001, before);
    refusedBeforeWeChat(accepting("text/html,, */*"), 400, 47001, before);
    for (String accept :
        List.of("a/b; c=\"d", "*/*; q=", "text/*; q=0.5, */*", "application/json; x=\"a,b\"")) {
      HttpResponse<String> answer = accepting(accept);
      if (answer.statusCode() != 200) { // an Accept the runtime reads is no reason to refuse
        assertTrue(
            answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
            "Accept: " + accept + " -> " + answer.statusCode() + " " + answer.body());
        assertRefused(answer, 400, 47001);
      }
    }
  }

  /**
   * Headers the bridge never reads do not matter, however malformed: RESTEasy answered an
   * Accept-Language whose q is not a number with its HTML 400 and a WARNING with a stack trace.
   */
  @Test
  void languageHeadersTheBridgeNeverReadsAreIgnored() {
    for (String[] header :
        new String[][] {
          {"Accept-Language", "en;q=abc"},
          {"Accept-Language", "zh-CN;q="},
          {"Content-Language", "??"}
        }) {
      HttpResponse<String> info =
          UdeskClient.send(
              UdeskClient.request(ROOT + "?openid=o1").header(header[0], header[1]).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, info.statusCode(), header[0] + ": " + header[1] + " -> " + info.body());
      assertTrue(
          info.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
          info.body());
      HttpResponse<String> push =
          UdeskClient.send(
              UdeskClient.request("/wechat/" + OPEN + "?signature=a&timestamp=1&nonce=2")
                  .header(header[0], header[1])
                  .POST(HttpRequest.BodyPublishers.ofString("<xml/>"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(401, push.statusCode(), "the wrong signature decides: " + push.body());
    }
  }

  /** Refused as the bridge's own code or the runtime decides, but in WeChat's shape. */
  private static void assertJsonRefusal(HttpResponse<String> response, int callsBefore) {
    assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, response.body());
    refusedBeforeWeChat(
        response, response.statusCode(), json(response).getInt("errcode", 0), callsBefore);
  }

  private static HttpResponse<String> accepting(String accept) {
    return UdeskClient.send(
        UdeskClient.request(ROOT + "?openid=o1").header("Accept", accept).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void badUploads() {
    int before = apiCalls(OPEN).size();
    byte[] jpeg = {1, 2, 3};
    refusedBeforeWeChat(
        UdeskClient.upload(ROOT + "?type=gif", "a.gif", "image/gif", jpeg), 400, 40004, before);
    refusedBeforeWeChat(
        UdeskClient.upload(ROOT + "?type=", "a.jpg", "image/jpeg", jpeg), 400, 40004, before);
    refusedBeforeWeChat(post(ROOT + "?type=image", FORM, "media=abc"), 415, 47001, before);
    refusedBeforeWeChat(
        post(ROOT + "?type=image", "multipart/form-data", "--x--"), 415, 47001, before);
    refusedBeforeWeChat(
        post(
            ROOT + "?type=image",
            "multipart/form-data; boundary=b",
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\nxyz\r\n--b--\r\n"),
        400,
        41005,
        before);
    refusedBeforeWeChat(
        post(ROOT + "?type=image", "multipart/form-data; boundary=b", "garbage"),
        400,
        47001,
        before);
    // the file part never ends: the body stops before its closing boundary
    byte[] cut =
        ("--b\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.jpg\"\r\n\r\n"
                + "x".repeat(100_000))
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> truncated =
        UdeskClient.send(
            UdeskClient.request(ROOT + "?type=image")
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(cut)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    refusedBeforeWeChat(truncated, 400, 47001, before);
  }

  @Test
  void callsThatAreNotOnUdesksList() {
    int before = apiCalls(OPEN).size();
    refusedBeforeWeChat(UdeskClient.get(ROOT + "?lang=zh_CN"), 400, 40035, before);
    refusedBeforeWeChat(UdeskClient.get(ROOT + "?media_id="), 400, 41006, before);
    refusedBeforeWeChat(UdeskClient.get(ROOT + "?openid="), 400, 41009, before);
    refusedBeforeWeChat(UdeskClient.get(ROOT + "?media_id=a&openid=b"), 400, 40035, before);
    HttpResponse<String> getOfASend = UdeskClient.get(ROOT + "/message/template/send");
    refusedBeforeWeChat(getOfASend, 405, 43002, before);
    assertEquals(Set.of("POST"), allowed(getOfASend), "a 405 says what is allowed (RFC 9110)");
    refusedBeforeWeChat(
        UdeskClient.get(ROOT + "/cgi-bin/token?grant_type=client_credential"), 404, 40066, before);
    refusedBeforeWeChat(post(ROOT + "/template", FORM, "a=b"), 404, 40066, before);
    HttpResponse<String> put =
        UdeskClient.send(
            UdeskClient.request(ROOT).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
            HttpResponse.BodyHandlers.ofString());
    refusedBeforeWeChat(put, 405, 43002, before);
    // HEAD and OPTIONS are refused here too, so they are not advertised
    assertEquals(Set.of("GET", "POST"), allowed(put), "Allow of the PUT's 405");
    // a HEAD would run the GET, WeChat call and all, only to drop the answer; the server's own
    // OPTIONS answered 200 listing HEAD
    for (String read :
        new String[] {
          ROOT + "?openid=o1",
          "/udesk?appid=" + OPEN + "&openid=o1",
          "OPTIONS " + ROOT + "/cgi-bin/user/info?openid=o1",
          "OPTIONS /udesk?appid=" + OPEN
        }) {
      String method = read.startsWith("OPTIONS ") ? "OPTIONS" : "HEAD";
      HttpResponse<String> head =
          UdeskClient.send(
              UdeskClient.request(read.substring(read.indexOf('/')))
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(405, head.statusCode(), read);
      assertEquals(Set.of("GET", "POST"), allowed(head), read);
      assertEquals(before, apiCalls(OPEN).size(), "nothing reached WeChat: " + read);
    }
    // refused by the server itself, before any face: WeChat's errcodes all the same
    refusedBeforeWeChat(UdeskClient.get("/no-such-face"), 404, 40066, before);
    // WeChat's own token paths on the bridge: the token client's interface was deployed as a
    // resource there (a 500 with a stack trace) while it carried a class-level @Path
    refusedBeforeWeChat(
        UdeskClient.get("/cgi-bin/token?grant_type=client_credential"), 404, 40066, before);
    refusedBeforeWeChat(
        post("/cgi-bin/stable_token", "application/json", "{}"), 404, 40066, before);
    HttpResponse<String> delete =
        UdeskClient.send(
            UdeskClient.request("/admin/status").DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
    refusedBeforeWeChat(delete, 405, 43001, before);
    assertEquals(Set.of("GET"), allowed(delete), "Allow of the DELETE's 405");
    // with a body: Grizzly (Payara) answered a bare 400 before the application, unless told to let
    // such a body through (server-config/pre-boot-commands.asadmin)
    java.util.Map.of(
            ROOT, 43002, "/admin/status", 43001, "/video-recall/" + OPEN + "/qrcode", 43002)
        .forEach(
            (path, errcode) ->
                refusedBeforeWeChat(
                    UdeskClient.send(
                        UdeskClient.request(path)
                            .header("Content-Type", "application/json")
                            .method(
                                "DELETE",
                                HttpRequest.BodyPublishers.ofString("{\"touser\":\"o1\"}"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()),
                    405,
                    errcode,
                    before));
  }

  /**
   * The hostile probe's T12, T09, T17 and G06 (2026-12-05): each was answered 200, and WeChat got a
   * pagepath with "%3F" for Udesk's agent_id, a template without it, the template list for a broken
   * body, or media_id=%EF%BF%BD%EF%BF%BD for %FF%FE.
   */
  @Test
  void whatTheBridgeWouldChangeOrGuessIsRefused() {
    int before = apiCalls(OPEN).size();
    for (String agentId : new String[] {"\"\\ud800\"", "{\"x\":1}", "[\"1\"]", "true", "1.5"}) {
      refusedBeforeWeChat(
          post(
              ROOT + "/message/template/send",
              "application/json",
              "{\"touser\":\"o1\",\"template_id\":\"t\",\"miniprogram\":{\"appid\":\"a\","
                  + "\"pagepath\":\"p\",\"agent_id\":"
                  + agentId
                  + "}}"),
          400,
          47001,
          before);
    }
    refusedBeforeWeChat(
        post(ROOT + "/template/get_all_private_template", "application/json", "{{{"),
        400,
        47001,
        before);
    refusedBeforeWeChat(UdeskClient.get(ROOT + "?media_id=%FF%FE"), 400, 40035, before);
    refusedBeforeWeChat(UdeskClient.get(ROOT + "?openid=%C0%AF"), 400, 40035, before);
  }

  /**
   * A Cookie with a control character: WildFly failed it before the bridge ran (a 500 from Weld's
   * request listener, an ERROR with the request's path, a page with the stack trace for loopback
   * callers), then, with URL-only session tracking, RESTEasy refused it (an HTML 400 and a WARNING
   * with a stack trace); the bridge now ignores cookies. Payara refuses it itself (a bare 400).
   * Never a 5xx, a stack trace, the server's versions or the secret udesk-path, in the answer or
   * the log.
   */
  @Test
  void aRequestTheServerFailsGetsNoStackTraceOrPath() throws Exception {
    String before = TestBridge.serverLog();
    String answer =
        rawAnswer("GET /udesk/" + HIDDEN_PATH + "?openid=o1 HTTP/1.1", "Cookie: a=\u0001");
    assertTrue(answer.startsWith("HTTP/1.1 "), answer);
    assertFalse(answer.startsWith("HTTP/1.1 5"), answer);
    Thread.sleep(1_000); // the server's log handler writes asynchronously
    String logged = TestBridge.serverLog().substring(before.length());
    assertFalse(logged.contains(HIDDEN_PATH), "the udesk-path is never logged: " + logged);
    for (String leak : new String[] {HIDDEN_PATH, "exception", "\tat ", "undertow", "jersey"}) {
      assertFalse(answer.toLowerCase(java.util.Locale.ROOT).contains(leak), leak + ": " + answer);
    }
  }

  /**
   * A path that is not percent-encoded UTF-8, and an absolute-form target that is no URI: RESTEasy
   * (WildFly) answered them itself before any filter, an HTML 400 and a 500 each with a logged
   * stack trace. Refused in the face's shape now; on Payara, Grizzly refuses such a path itself (a
   * bare 400) and the target's authority is not read.
   */
  @Test
  void pathsThatAreNotUtf8AndTargetsThatAreNoUriGetWeChatsJson() throws Exception {
    int before = apiCalls(OPEN).size();
    for (String path :
        new String[] {
          "/udesk/" + HIDDEN_PATH + "%ff%fe?openid=o1", "/udesk/%ff%fe", "/admin/%C0%AF"
        }) {
      HttpResponse<String> refused = UdeskClient.get(path);
      if (TestBridge.onWildFly()) {
        refusedBeforeWeChat(refused, 400, 40035, before);
      } else { // Grizzly refuses such a path itself, before the application: bare, nothing logged
        assertEquals(400, refused.statusCode(), path);
        assertEquals("", refused.body(), path);
      }
    }
    String answer = rawAnswer("GET http://[zz]/no-such-face HTTP/1.1", "Accept: */*");
    String status = answer.substring(0, Math.min(12, answer.length()));
    assertTrue(status.equals("HTTP/1.1 400") || status.equals("HTTP/1.1 404"), answer);
    assertTrue(answer.contains("{\"errcode\":40"), "WeChat-shaped JSON: " + answer);
  }

  /**
   * A query whose escapes are broken or are not UTF-8 (no HTTP client sends one, so it is written
   * raw): never a 5xx. Payara hands it to the bridge, which refuses it in the face's shape; WildFly
   * (Undertow) refuses it itself, a bare 400 that logs nothing, before the application.
   */
  @Test
  void queriesWhoseEscapesAreBrokenGetTheFacesRefusal() throws Exception {
    for (String target :
        new String[] {
          ROOT + "?openid=%zz", ROOT + "?openid=o%E4%B8", "/wechat/wx00000000000000a1?signature=%zz"
        }) {
      String answer = rawAnswer("GET " + target + " HTTP/1.1", "Accept: */*");
      String status = answer.substring(0, Math.min(12, answer.length()));
      assertTrue(status.startsWith("HTTP/1.1 4"), target + " -> " + answer);
      if (TestBridge.onWildFly() && answer.contains("\r\nContent-Length: 0\r\n")) {
        assertEquals("HTTP/1.1 400", status, target + " -> " + answer);
      } else if (target.startsWith("/udesk")) {
        assertEquals("HTTP/1.1 400", status, target + " -> " + answer);
        assertTrue(answer.contains("{\"errcode\":40035"), "WeChat-shaped JSON: " + answer);
      }
    }
  }

  /** The whole answer to a request written as is (its head, then the Host and these headers). */
  private static String rawAnswer(String requestLine, String headers) throws Exception {
    java.net.URI bridge = TestBridge.url("/");
    try (java.net.Socket socket = new java.net.Socket(bridge.getHost(), bridge.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              (requestLine
                      + "\r\nHost: "
                      + bridge.getHost()
                      + "\r\n"
                      + headers
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * TRACE never reaches the bridge: the server refuses it (405, no body; docs/security.md), so it
   * cannot echo a caller's headers back (cross-site tracing). Not WeChat-shaped JSON, which only
   * the bridge could give: no X-Request-Id either, which a pre-matching filter sets on every answer
   * of the bridge's.
   */
  @Test
  void traceIsRefusedByTheServerItself() {
    int before = apiCalls(OPEN).size();
    for (String path :
        new String[] {
          "/udesk/" + HIDDEN_PATH, ROOT + "?openid=o1", "/video-recall/" + OPEN + "/qrcode"
        }) {
      HttpResponse<String> trace =
          UdeskClient.send(
              UdeskClient.request(path, "X-Trace-Probe", "echoed-if-traced")
                  .method("TRACE", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(405, trace.statusCode(), path + " -> " + trace.body());
      assertEquals("", trace.body(), path + " -> " + trace.headers().map());
      assertTrue(
          trace.headers().firstValue("X-Request-Id").isEmpty(),
          "answered before the bridge's first filter: " + path);
      assertEquals(before, apiCalls(OPEN).size(), "nothing reached WeChat: " + path);
    }
  }

  /**
   * Jersey logs a WARNING with the request's URI for a form-labelled POST with an empty body and a
   * query, unless query parameters are kept apart from form parameters: the URI holds the secret
   * udesk-path.
   */
  @Test
  void anEmptyFormPostWithAQueryLeavesTheSecretPathOutOfTheLog() throws Exception {
    HttpResponse<String> empty = post("/udesk/" + HIDDEN_PATH + "?type=image", FORM, "");
    assertEquals(415, empty.statusCode(), empty.body());
    Thread.sleep(1_000); // the server's log handler writes asynchronously
    assertFalse(TestBridge.serverLog().contains(HIDDEN_PATH), "the udesk-path is never logged");
  }

  @Test
  void unknownAccounts() {
    int before = apiCalls(OPEN).size();
    refusedBeforeWeChat(
        post("/udesk/wxnobody000000001", FORM, "touser=o1&msgtype=text&text[content]=x"),
        404,
        40013,
        before);
    refusedBeforeWeChat(
        UdeskClient.get("/udesk?appid=wxnobody000000001&openid=o1"), 404, 40013, before);
    refusedBeforeWeChat(
        UdeskClient.get("/udesk?appid=wxnobody000000001?openid=o1"), 404, 40013, before);
    refusedBeforeWeChat(
        UdeskClient.get("/udesk/template/get_all_private_template"), 404, 40013, before);
    refusedBeforeWeChat(UdeskClient.get("/udesk?openid=o1"), 404, 40013, before);
    refusedBeforeWeChat(UdeskClient.get("/udesk?appid=&openid=o1"), 404, 40013, before);
    refusedBeforeWeChat(UdeskClient.get("/udesk?appid=wx-1&openid=o1"), 404, 40013, before);
    refusedBeforeWeChat(
        UdeskClient.get("/udesk/" + OPEN + "?appid=wxother&openid=o1"), 400, 40013, before);
    refusedBeforeWeChat(UdeskClient.get("/udesk/wxbroken0000000001?openid=o1"), 404, 40013, before);
    // the account before the call's shape: these were 400 (no media_id or openid) and 404/40066
    refusedBeforeWeChat(UdeskClient.get("/udesk/..%2fadmin%2fstatus"), 404, 40013, before);
    refusedBeforeWeChat(
        UdeskClient.get("/udesk/wxnobody000000001/cgi-bin/token"), 404, 40013, before);
  }

  /**
   * Sends to the right path whose bodies stall mid-way, more than either server's 200 worker
   * threads: beyond bridge.relay.max-slow-bodies (16) each is refused 503 at once, and another call
   * is answered meanwhile. A probe's 220 such sends held every worker for 30 s; a push waited 15 s.
   */
  @Test
  void sendsWhoseBodiesStallCannotTakeEveryThread() throws Exception {
    java.util.List<java.net.Socket> stalled =
        StalledRequests.open(
            240,
            "POST /udesk/" + HIDDEN_PATH + " HTTP/1.1",
            "Content-Type: " + FORM + "\r\nContent-Length: 1000\r\n\r\ntouser=o1");
    try {
      int refused = StalledRequests.refusedAtOnce(stalled);
      assertTrue(
          refused >= stalled.size() - 16 && refused <= stalled.size() - 8,
          refused + " let go: beyond bridge.relay.max-slow-bodies (16) each is refused at once");
      assertAnotherCallAnsweredWithin5Seconds("while 16 bodies are awaited");
    } finally {
      StalledRequests.close(stalled);
    }
  }

  /** A user-info call is answered 200 within 5 s. */
  private static void assertAnotherCallAnsweredWithin5Seconds(String when) {
    long started = System.nanoTime();
    HttpResponse<String> other =
        UdeskClient.send(
            UdeskClient.request(ROOT + "?openid=o1")
                .timeout(java.time.Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, other.statusCode(), other.body());
    assertTrue(System.nanoTime() - started < 5_000_000_000L, "answered " + when);
  }

  /**
   * Strangers' POSTs to a path no face serves, each announcing a megabyte and sending 7 bytes, more
   * of them than WildFly's 200 worker threads: each is refused at once, and the bridge still
   * answers others. WildFly read on for the rest of each body on a worker thread (up to its read
   * timeout) to keep the connection; in a probe 210 such requests froze the server. Payara reads
   * without a thread.
   */
  @Test
  void refusedRequestsWhoseBodiesAreStillComingHoldNoThread() throws Exception {
    java.util.List<java.net.Socket> stalled =
        StalledRequests.open(
            240,
            "POST /udesk/notTheSecretPath0123456 HTTP/1.1",
            "Content-Type: " + FORM + "\r\nContent-Length: 1000000\r\n\r\ntouser=");
    try {
      for (java.net.Socket socket : stalled) {
        String status =
            new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        assertEquals("HTTP/1.1 404", status, "refused at once");
      }
      assertAnotherCallAnsweredWithin5Seconds("while the refused bodies are still awaited");
    } finally {
      StalledRequests.close(stalled);
    }
  }

  /**
   * A send or an upload whose caller stops sending and closes its side: answered 400 without a body
   * (or its connection closed), never a stack trace. Payara closes such a connection, and Jersey
   * logged a 125-line SEVERE for the JSON answer it could not write (a probe: 7,948 log lines for
   * 220 of them).
   */
  @Test
  void aBodyCutOffByItsCallerLeavesNoStackTrace() throws Exception {
    java.net.URI bridge = TestBridge.url("/");
    int before = TestBridge.serverLog().length();
    String[] requests = {
      "Content-Type: " + FORM + "\r\nContent-Length: 64\r\n\r\ntouser=o1&msgtype=te",
      "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 600\r\n\r\n"
          + "--b\r\nContent-Disposition: form-data; name=\"med"
    };
    for (String request : requests) {
      try (java.net.Socket socket = new java.net.Socket(bridge.getHost(), bridge.getPort())) {
        socket.setSoTimeout(10_000);
        String path = request.startsWith("Content-Type: multipart") ? ROOT + "?type=image" : ROOT;
        socket
            .getOutputStream()
            .write(
                ("POST " + path + " HTTP/1.1\r\nHost: " + bridge.getHost() + "\r\n" + request)
                    .getBytes(StandardCharsets.UTF_8));
        socket.shutdownOutput();
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 400"), answer);
        assertFalse(answer.contains("errcode"), "nobody is left to read a body: " + answer);
      }
    }
    Thread.sleep(500); // the log line of a connection closed after the answer
    String added = TestBridge.serverLog().substring(before);
    assertFalse(added.contains("SEVERE") || added.contains("\tat "), added);
  }
}
