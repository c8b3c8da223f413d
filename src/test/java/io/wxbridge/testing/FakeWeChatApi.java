package io.wxbridge.testing;

import com.sun.net.httpserver.HttpExchange;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WeChat API (api.weixin.qq.com) as the bridge sees it: issues access tokens (stable_token,
 * token, and an "external" enterprise token server at /external/token?appid=…), rejects missing,
 * unknown, invalidated and expired tokens (41001, 40001, 42001), and answers the customer-service,
 * media, user and template endpoints as WeChat does, HTTP 200 with an errcode in the JSON for every
 * error. Everything is kept per AppID, so tests with their own accounts run side by side.
 *
 * <p>Controls: {@link #expiresIn}, {@link #invalidateTokens}, {@link #failNextWith}, {@link
 * #failAlwaysWith}, {@link #refuseTokens}, {@link #delayNext}, {@link #holdNext}, {@link #secret},
 * media ({@link #addMedia}, {@link #addGeneratedMedia}, {@link #addVideo}); observations: {@link
 * #tokenFetches}, {@link #received(String, String)}, {@link #media}, {@link #tokenRejections},
 * {@link #issued}. Request bodies over 1 MiB are recorded empty (the media store keeps uploads).
 */
public final class FakeWeChatApi extends FakeServer {
  public static final String STABLE_TOKEN = "/cgi-bin/stable_token";
  public static final String TOKEN = "/cgi-bin/token";
  public static final String EXTERNAL_TOKEN = "/external/token";
  public static final String CUSTOM_SEND = "/cgi-bin/message/custom/send";
  public static final String TEMPLATE_SEND = "/cgi-bin/message/template/send";
  public static final String TEMPLATES = "/cgi-bin/template/get_all_private_template";
  public static final String USER_INFO = "/cgi-bin/user/info";
  public static final String MEDIA_UPLOAD = "/cgi-bin/media/upload";
  public static final String MEDIA_GET = "/cgi-bin/media/get";
  public static final String JSON = "application/json; encoding=utf-8";

  /**
   * A Content-Type as a server hands it on: the same media type and parameters, though RESTEasy
   * (WildFly) rewrites "a; b" as "a;b".
   */
  public static String asServed(String contentType) {
    return contentType.replaceAll("\\s*;\\s*", ";");
  }

  public static final String TEMPLATE_LIST =
      "{\"template_list\":[{\"template_id\":"
          + "\"iPk5sOIt5X_flOVKn5GrTFpncEYTojx6ddbt8WYoV5s\",\"title\":\"领取奖金提醒\",\"primary_industry\":\"IT科技\","
          + "\"deputy_industry\":\"互联网|电子商务\",\"content\":\"{{result.DATA}}\\n\\n领奖金额:{{withdrawMoney.DATA}}\\n"
          + "领奖  时间:{{withdrawTime.DATA}}\\n{{remark.DATA}}\",\"example\":\"您已提交领奖申请\\n\\n领奖金额：xxxx元\"}]}";
  private static final Set<String> TOKEN_PATHS = Set.of(STABLE_TOKEN, TOKEN, EXTERNAL_TOKEN);

  /**
   * Larger request bodies (big uploads) are not kept in the recording; the media store keeps the
   * file.
   */
  static final int MAX_RECORDED_BODY = 1024 * 1024;

  /** A hold for the next request to {@code path} whose body contains {@code marker}. */
  private record Hold(String path, String marker, long millis, CompletableFuture<Void> ended) {
    boolean matches(String requestPath, RecordedRequest request) {
      return path.equals(requestPath) && request.bodyText().contains(marker);
    }
  }

  /** Everything the fake keeps for one AppID. */
  private static final class App {
    volatile Duration lifetime = Duration.ofSeconds(7200);
    volatile String secret;
    final AtomicInteger tokenFetches = new AtomicInteger();
    final Map<String, Deque<Integer>> nextFailures = new ConcurrentHashMap<>();
    final Map<String, Integer> alwaysFailures = new ConcurrentHashMap<>();
    final Map<String, Deque<Long>> nextDelays = new ConcurrentHashMap<>();
    final List<Hold> holds = new CopyOnWriteArrayList<>();
    final Map<String, Deque<Integer>> nextStatuses = new ConcurrentHashMap<>();
    final Map<String, Deque<Boolean>> nextCutOffs = new ConcurrentHashMap<>();
    final Map<String, Deque<Boolean>> nextEndlessAnswers = new ConcurrentHashMap<>();
    final Map<String, Deque<Boolean>> nextSilentCloses = new ConcurrentHashMap<>();
    final Deque<Boolean> nextChunkedDownloads = new ConcurrentLinkedDeque<>();
    final Map<String, FakeMedia> media = new ConcurrentHashMap<>();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    final List<Integer> tokenRejections = new CopyOnWriteArrayList<>();
  }

  private final Map<String, App> apps = new ConcurrentHashMap<>();
  private final FakeWeChatTokens tokens = new FakeWeChatTokens();
  private final FakeWeChatEndpoints endpoints = new FakeWeChatEndpoints();

  private App app(String appId) {
    return apps.computeIfAbsent(appId, a -> new App());
  }

  // ---- controls ------------------------------------------------------------------------------

  /** The expires_in of the tokens issued to this account from now on (WeChat: 7200). */
  public FakeWeChatApi expiresIn(String appId, int seconds) {
    app(appId).lifetime = Duration.ofSeconds(seconds);
    return this;
  }

  /** Only this AppSecret is accepted (40125 otherwise); by default any non-empty secret is. */
  public FakeWeChatApi secret(String appId, String secret) {
    app(appId).secret = secret;
    return this;
  }

  /** Every token issued to the account so far answers 40001 from now on. */
  public void invalidateTokens(String appId) {
    tokens.invalidate(appId);
  }

  /**
   * The next request of this account to this path (e.g. {@link #CUSTOM_SEND}) is answered with
   * errcode.
   */
  public void failNextWith(String appId, String path, int errcode) {
    app(appId).nextFailures.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).add(errcode);
  }

  /**
   * The next request of this account to this path gets an HTTP error page with this status, as
   * WeChat's gateway sends.
   */
  public void failNextWithStatus(String appId, String path, int status) {
    app(appId).nextStatuses.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).add(status);
  }

  /**
   * The next request of this account to this path gets a 200 whose Content-Length announces more
   * than is sent before the connection closes, as when a connection breaks mid-answer.
   */
  public void cutOffNext(String appId, String path) {
    app(appId).nextCutOffs.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).add(true);
  }

  /**
   * The next request of this account to this path gets a 200 whose JSON goes on for {@value
   * #ENDLESS_BYTES} bytes (chunked, no length), as from a misbehaving token server or proxy; the
   * fake stops early when the client drops the connection (Payara's client does after 64 KiB more;
   * WildFly's reads on to the end).
   */
  public void answerNextEndlessly(String appId, String path) {
    app(appId)
        .nextEndlessAnswers
        .computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>())
        .add(true);
  }

  /** How long an endless answer runs, were nothing to stop reading it. */
  public static final int ENDLESS_BYTES = 32 * 1024 * 1024;

  /**
   * The next request of this account to this path is read whole and its connection closed without a
   * byte of answer, as when a kept-alive connection is closed on WeChat's side: the one case in
   * which an HTTP engine sends a request again by itself (a GET; the bridge's never a POST).
   */
  public void closeSilentlyNext(String appId, String path) {
    app(appId).nextSilentCloses.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).add(true);
  }

  /**
   * The next media/get of this account that finds its file answers it chunked, without a
   * Content-Length; {@code breakingOff}: the connection closes after half of the file, without the
   * chunked answer's end.
   */
  public void sendNextDownloadChunked(String appId, boolean breakingOff) {
    app(appId).nextChunkedDownloads.add(breakingOff);
  }

  /** Every request of this account to this path is answered with errcode until {@link #reset}. */
  public void failAlwaysWith(String appId, String path, int errcode) {
    app(appId).alwaysFailures.put(path, errcode);
  }

  /**
   * Every token request of the account (stable, classic, external) is refused with errcode, e.g.
   * 40164.
   */
  public void refuseTokens(String appId, int errcode) {
    TOKEN_PATHS.forEach(path -> failAlwaysWith(appId, path, errcode));
  }

  /**
   * The next request of this account to this path is answered only after this many milliseconds.
   */
  public void delayNext(String appId, String path, long millis) {
    app(appId).nextDelays.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).add(millis);
  }

  /**
   * The next request of this account to this path whose body contains {@code marker} (e.g. {@code
   * "touser":"<openid>"}) is answered only after this many milliseconds. Unlike {@link #delayNext},
   * no other request takes it (another check's send, a late reply of the suite's own bridge), and a
   * request it holds takes no {@link #delayNext} delay.
   *
   * @return completes when the hold has ended, just before the answer is sent
   */
  public CompletableFuture<Void> holdNext(String appId, String path, String marker, long millis) {
    Hold hold = new Hold(path, marker, millis, new CompletableFuture<>());
    app(appId).holds.add(hold);
    return hold.ended();
  }

  /** Forgets pending failures, delays and holds of the account (tokens and media stay). */
  public void reset(String appId) {
    App app = app(appId);
    app.nextFailures.clear();
    app.alwaysFailures.clear();
    app.nextDelays.clear();
    app.holds.clear();
    app.nextStatuses.clear();
    app.nextCutOffs.clear();
    app.nextEndlessAnswers.clear();
    app.nextSilentCloses.clear();
    app.nextChunkedDownloads.clear();
  }

  public void addMedia(
      String appId, String mediaId, String contentType, String fileName, byte[] bytes) {
    app(appId).media.put(mediaId, FakeMedia.bytes("image", contentType, fileName, bytes));
  }

  /**
   * A media item of {@code length} bytes generated as it is sent (see {@link
   * FakeMedia#generatedContent}).
   */
  public FakeMedia addGeneratedMedia(
      String appId, String mediaId, String contentType, String fileName, long length) {
    FakeMedia media = FakeMedia.generated(contentType, fileName, length);
    app(appId).media.put(mediaId, media);
    return media;
  }

  /** A video: media/get answers {"video_url":…} for it, as WeChat does. */
  public void addVideo(String appId, String mediaId, String videoUrl) {
    app(appId).media.put(mediaId, FakeMedia.video(videoUrl));
  }

  // ---- observations --------------------------------------------------------------------------

  /**
   * Token requests of the account so far (stable_token, token and the external server together).
   */
  public int tokenFetches(String appId) {
    return app(appId).tokenFetches.get();
  }

  /**
   * The account's requests to this path (token requests by their appid, API calls by their token).
   */
  public List<RecordedRequest> received(String appId, String path) {
    return app(appId).requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** The account's requests so far, oldest first. */
  public List<RecordedRequest> received(String appId) {
    return List.copyOf(app(appId).requests);
  }

  /** The errcodes (40001, 42001) with which the fake rejected tokens issued to this account. */
  public List<Integer> tokenRejections(String appId) {
    return List.copyOf(app(appId).tokenRejections);
  }

  /** Every token the fake has issued to any account (to check that none of them is ever logged). */
  public List<String> allIssuedTokens() {
    return apps.keySet().stream()
        .flatMap(appId -> issued(appId).stream())
        .map(FakeWeChatTokens.IssuedToken::value)
        .toList();
  }

  /**
   * The tokens issued to the account so far, oldest first, with when they were issued and expire.
   */
  public List<FakeWeChatTokens.IssuedToken> issued(String appId) {
    return tokens.issued(appId);
  }

  /** A media item the account holds (uploaded through the bridge or added by a test). */
  public Optional<FakeMedia> media(String appId, String mediaId) {
    return Optional.ofNullable(app(appId).media.get(mediaId));
  }

  // ---- WeChat --------------------------------------------------------------------------------

  @Override
  protected void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    byte[] body = new byte[0];
    Path spooled = null;
    try (InputStream in = exchange.getRequestBody()) {
      if (path.equals(MEDIA_UPLOAD) && contentLength(exchange) > MAX_RECORDED_BODY) {
        spooled = Files.createTempFile("fake-wechat-upload-", ".body");
        spooled.toFile().deleteOnExit();
        Files.copy(in, spooled, StandardCopyOption.REPLACE_EXISTING);
      } else {
        body = in.readAllBytes();
      }
    }
    RecordedRequest request =
        record(exchange, body.length > MAX_RECORDED_BODY ? new byte[0] : body);
    if (TOKEN_PATHS.contains(path)) {
      issueToken(exchange, path, query, request);
      return;
    }
    FakeWeChatTokens.Check check = tokens.check(query.get("access_token"));
    if (check.token() != null) {
      App app = app(check.token().appId);
      app.requests.add(request);
      delay(app, path, request);
      if (check.errcode() != 0) {
        app.tokenRejections.add(check.errcode());
      }
    }
    if (check.errcode() != 0) {
      FakeWeChatEndpoints.json(
          exchange, FakeWeChatErrors.json(check.errcode(), FakeWeChatEndpoints.caller(exchange)));
      return;
    }
    String appId = check.token().appId;
    if (fail(exchange, appId, path)) {
      return;
    }
    App app = app(appId);
    Boolean chunked = path.equals(MEDIA_GET) ? poll(app.nextChunkedDownloads) : null;
    endpoints.answer(exchange, app.media, path, query, request, body, spooled, chunked);
  }

  private static long contentLength(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    try {
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException notANumber) {
      return -1;
    }
  }

  private void issueToken(
      HttpExchange exchange, String path, Map<String, String> query, RecordedRequest request)
      throws IOException {
    Map<String, String> params = query;
    if (path.equals(STABLE_TOKEN)) {
      if (!exchange.getRequestMethod().equals("POST")) {
        FakeWeChatEndpoints.json(
            exchange, "{\"errcode\":43002,\"errmsg\":\"require POST method\"}");
        return;
      }
      Optional<JsonObject> body = FakeWeChatEndpoints.jsonBody(request.body());
      if (body.isEmpty()) {
        FakeWeChatEndpoints.json(
            exchange, FakeWeChatErrors.json(47001, FakeWeChatEndpoints.caller(exchange)));
        return;
      }
      params = new LinkedHashMap<>();
      for (Map.Entry<String, JsonValue> field : body.get().entrySet()) {
        params.put(
            field.getKey(),
            field.getValue() instanceof jakarta.json.JsonString s
                ? s.getString()
                : field.getValue().toString());
      }
    }
    String appId = params.getOrDefault("appid", "");
    if (appId.isEmpty()) {
      FakeWeChatEndpoints.json(
          exchange, FakeWeChatErrors.json(41002, FakeWeChatEndpoints.caller(exchange)));
      return;
    }
    App app = app(appId);
    app.tokenFetches.incrementAndGet();
    app.requests.add(request);
    delay(app, path, request);
    if (fail(exchange, appId, path)) {
      return;
    }
    if (!path.equals(EXTERNAL_TOKEN)) {
      String secret = params.getOrDefault("secret", "");
      if (secret.isEmpty() || !"client_credential".equals(params.get("grant_type"))) {
        FakeWeChatEndpoints.json(
            exchange,
            FakeWeChatErrors.json(
                secret.isEmpty() ? 41004 : 40002, FakeWeChatEndpoints.caller(exchange)));
        return;
      }
      if (app.secret != null && !app.secret.equals(secret)) {
        FakeWeChatEndpoints.json(
            exchange, FakeWeChatErrors.json(40125, FakeWeChatEndpoints.caller(exchange)));
        return;
      }
    }
    FakeWeChatTokens.Space space =
        switch (path) {
          case STABLE_TOKEN -> FakeWeChatTokens.Space.STABLE;
          case TOKEN -> FakeWeChatTokens.Space.CLASSIC;
          default -> FakeWeChatTokens.Space.EXTERNAL;
        };
    FakeWeChatTokens.Issued token =
        tokens.issue(appId, space, app.lifetime, "true".equals(params.get("force_refresh")));
    long expiresIn =
        Math.max(0, (Duration.between(Instant.now(), token.expiresAt).toMillis() + 999) / 1000);
    FakeWeChatEndpoints.json(
        exchange, "{\"access_token\":\"" + token.value + "\",\"expires_in\":" + expiresIn + "}");
  }

  /** Waits out the account's hold for this request, or else its pending delay for this path. */
  private static void delay(App app, String path, RecordedRequest request) {
    Optional<Hold> hold =
        app.holds.stream()
            .filter(h -> h.matches(path, request))
            .filter(app.holds::remove) // one request takes a hold, even when two match at once
            .findFirst();
    if (hold.isPresent()) {
      sleep(hold.get().millis());
      hold.get().ended().complete(null);
      return;
    }
    Long delay = poll(app.nextDelays.get(path));
    if (delay != null) {
      sleep(delay);
    }
  }

  /** Answers a pending failure, if any; true if the request has been answered. */
  private boolean fail(HttpExchange exchange, String appId, String path) throws IOException {
    App app = app(appId);
    Integer status = poll(app.nextStatuses.get(path));
    if (status != null) {
      FakeWeChatEndpoints.answer(
          exchange,
          status,
          "text/html",
          ("<html><head><title>"
                  + status
                  + "</title></head><body><center><h1>"
                  + status
                  + "</h1></center><hr><center>nginx</center></body></html>")
              .getBytes(StandardCharsets.UTF_8));
      return true;
    }
    if (poll(app.nextSilentCloses.get(path)) != null) {
      throw new DropConnection();
    }
    if (poll(app.nextEndlessAnswers.get(path)) != null) {
      answerEndlessly(exchange);
      return true;
    }
    if (poll(app.nextCutOffs.get(path)) != null) {
      cutOff(exchange, JSON, "{\"errcode\":0,\"errmsg\":\"ok\"".getBytes(StandardCharsets.UTF_8));
      return true;
    }
    Integer failure = poll(app.nextFailures.get(path));
    if (failure == null) {
      failure = app.alwaysFailures.get(path);
    }
    if (failure != null) {
      FakeWeChatEndpoints.json(
          exchange, FakeWeChatErrors.json(failure, FakeWeChatEndpoints.caller(exchange)));
      return true;
    }
    return false;
  }

  private static void answerEndlessly(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", JSON);
    exchange.sendResponseHeaders(200, 0);
    OutputStream body = exchange.getResponseBody();
    body.write("{\"access_token\":\"".getBytes(StandardCharsets.US_ASCII));
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'A');
    try {
      for (int sent = 0; sent < ENDLESS_BYTES; sent += chunk.length) {
        body.write(chunk);
      }
      body.close();
    } catch (IOException clientClosed) {
      throw new DropConnection(); // the client stopped reading: what the bound is for
    }
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      params.putIfAbsent(
          name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  private static <T> T poll(Deque<T> queue) {
    return queue == null ? null : queue.poll();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
