package io.wxbridge.wechatapi.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.token.control.AccessTokens;
import io.wxbridge.token.entity.AccessToken;
import io.wxbridge.wechatapi.entity.MediaDownload;
import io.wxbridge.wechatapi.entity.MediaUpload;
import io.wxbridge.wechatapi.entity.RetrySafety;
import io.wxbridge.wechatapi.entity.WeChatAnswer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * Calls the WeChat API for one account: adds the account's access_token (Udesk never sees it),
 * recovers from token errors (40001/40014/41001/42001: drop the token if still current, one fetch
 * for all concurrent callers, retry once), retries -1 and never-reached-WeChat connection failures
 * with MP Fault Tolerance ({@link WeChatAttempts}), and never retries a message send that may have
 * reached WeChat. WeChat's own answers (including non-zero errcodes) are returned, not thrown.
 * Every call says whom it is for ({@link OnBehalfOf}: a request, a push), so that each line logged
 * about it, the token's included, names that request.
 */
@ApplicationScoped
public class WeChatApi {
  /** The errcodes with which WeChat rejects the access_token itself. */
  static final Set<Integer> TOKEN_REJECTED = Set.of(40001, 40014, 41001, 42001);

  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9_-]+)+");

  /** The query parameters {@link WeChatApiClient#get} sends besides the access_token. */
  static final Set<String> QUERY_PARAMETERS = Set.of("openid", "lang");

  @Inject AccessTokens tokens;
  @Inject WeChatExchange exchange;
  @Inject WeChatAttempts attempts;
  @Inject Config config;

  /** How long after a call's first attempt a later one may start ({@link WeChatAttempts}). */
  long startWithinNanos;

  @PostConstruct
  void readRetryPolicy() {
    startWithinNanos = WeChatAttempts.startWithin(config).toNanos();
  }

  /**
   * GET https://api.weixin.qq.com{path}?{query}&amp;access_token=… ; small JSON answer, returned as
   * received. An access_token in {@code query} (Udesk's placeholder) is ignored, never forwarded.
   *
   * @param query openid and lang (the parameters of the read endpoints the bridge relays)
   */
  public WeChatAnswer get(
      Account account, String path, Map<String, String> query, OnBehalfOf caller) {
    String checkedPath = checked(path);
    Map<String, String> params = checked(query);
    return withToken(
        account,
        caller,
        token ->
            attempted(() -> exchange.get(account, checkedPath, token.value(), params, caller)));
  }

  /**
   * POST a JSON body (bytes passed unchanged, UTF-8). `safety` says whether a retry could duplicate
   * a message.
   */
  public WeChatAnswer postJson(
      Account account, String path, byte[] json, RetrySafety safety, OnBehalfOf caller) {
    String checkedPath = checked(path);
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(safety, "safety");
    return withToken(
        account,
        caller,
        token ->
            attempted(
                () ->
                    exchange.postJson(account, checkedPath, token.value(), json, safety, caller)));
  }

  /**
   * POST /cgi-bin/media/upload?type=… multipart field "media", streamed (never the whole file in
   * memory). An upload that announces its length goes to WeChat while it arrives and is spooled on
   * the way; the spooled copy is sent when that attempt brings no answer to pass on (the file was
   * not the length announced, WeChat could not be reached or answered -1) or WeChat rejected the
   * token. An upload of unknown length is spooled first.
   */
  public WeChatAnswer uploadMedia(
      Account account, String type, MediaUpload upload, OnBehalfOf caller) {
    try (SpooledUpload spooled = SpooledUpload.start(upload)) {
      if (spooled.streamable()) {
        AccessToken first = tokens.current(account, caller);
        Optional<WeChatAnswer> streamed = streamed(account, type, first, spooled, caller);
        if (streamed.isPresent() && !rejectsToken(streamed.get().errcode())) {
          return streamed.get();
        }
        if (streamed.isPresent()) {
          tokens.invalidate(account, first);
          spooled.complete();
          return busyAnswered(
              token -> uploaded(account, type, token, spooled, caller),
              tokens.current(account, caller));
        }
      }
      spooled.complete();
      // the token is taken once the file is on disk: a slow upload must not outlive the token it
      // would carry
      AccessToken first = tokens.current(account, caller);
      return withToken(
          account, caller, first, token -> uploaded(account, type, token, spooled, caller));
    }
  }

  /** WeChat's answer to the streamed attempt, or empty when the spooled copy is to be sent. */
  private Optional<WeChatAnswer> streamed(
      Account account, String type, AccessToken token, SpooledUpload spooled, OnBehalfOf caller) {
    try {
      return exchange.uploadStreamed(account, type, token.value(), spooled, caller);
    } catch (WeChatApiException.Retryable nothingDone) {
      return Optional.empty();
    }
  }

  /**
   * GET /cgi-bin/media/get?media_id=… streamed back with WeChat's status and headers; caller closes
   * it.
   */
  public MediaDownload downloadMedia(Account account, String mediaId, OnBehalfOf caller) {
    AccessToken token = tokens.current(account, caller);
    MediaDownload media = download(account, mediaId, token, caller);
    if (rejectsToken(media.errcode())) {
      media.close();
      tokens.invalidate(account, token);
      media = download(account, mediaId, tokens.current(account, caller), caller);
    }
    return media;
  }

  private MediaDownload download(
      Account account, String mediaId, AccessToken token, OnBehalfOf caller) {
    try {
      return attempted(() -> exchange.download(account, mediaId, token.value(), caller));
    } catch (WeChatApiException.Retryable retriesUsedUp) {
      WeChatAnswer answer = retriesUsedUp.busyAnswer().orElseThrow(() -> retriesUsedUp);
      Map<String, String> headers = new LinkedHashMap<>();
      if (answer.contentType() != null) {
        headers.put("Content-Type", answer.contentType());
      }
      headers.put("Content-Length", String.valueOf(answer.body().length));
      return new MediaDownload(answer, headers);
    }
  }

  private WeChatAnswer uploaded(
      Account account, String type, AccessToken token, SpooledUpload spooled, OnBehalfOf caller) {
    return attempted(() -> exchange.upload(account, type, token.value(), spooled, caller));
  }

  /**
   * One attempt, and only if it fails in a way worth repeating, the later ones by Fault Tolerance
   * ({@link WeChatAttempts}, which says why the first is made outside it).
   */
  <T> T attempted(Supplier<T> attempt) {
    long deadline = System.nanoTime() + startWithinNanos;
    try {
      return attempt.get();
    } catch (WeChatApiException.Retryable failed) {
      try {
        return attempts.after(new WeChatAttempts.FailedAttempt<>(attempt, failed, deadline));
      } catch (WeChatAttempts.OutOfTime late) {
        throw late.lastFailure();
      }
    }
  }

  private WeChatAnswer withToken(
      Account account, OnBehalfOf caller, Function<AccessToken, WeChatAnswer> call) {
    return withToken(account, caller, tokens.current(account, caller), call);
  }

  /**
   * One call; if WeChat rejects the token, the token is dropped (if still current) and the call
   * made once more.
   */
  private WeChatAnswer withToken(
      Account account,
      OnBehalfOf caller,
      AccessToken token,
      Function<AccessToken, WeChatAnswer> call) {
    WeChatAnswer answer = busyAnswered(call, token);
    if (rejectsToken(answer.errcode())) {
      tokens.invalidate(account, token);
      answer = busyAnswered(call, tokens.current(account, caller));
    }
    return answer;
  }

  /**
   * WeChat's -1 answer, once Fault Tolerance has given up retrying, is WeChat's answer to pass on.
   */
  private static WeChatAnswer busyAnswered(
      Function<AccessToken, WeChatAnswer> call, AccessToken token) {
    try {
      return call.apply(token);
    } catch (WeChatApiException.Retryable retriesUsedUp) {
      return retriesUsedUp.busyAnswer().orElseThrow(() -> retriesUsedUp);
    }
  }

  private static boolean rejectsToken(OptionalInt errcode) {
    return errcode.isPresent() && TOKEN_REJECTED.contains(errcode.getAsInt());
  }

  private static String checked(String path) {
    if (path == null || !PATH.matcher(path).matches()) {
      throw new IllegalArgumentException(
          "a WeChat API path is /segment/segment… of letters, digits, - and _");
    }
    return path;
  }

  private static Map<String, String> checked(Map<String, String> query) {
    Map<String, String> params = new LinkedHashMap<>(query == null ? Map.of() : query);
    params.remove("access_token");
    for (String name : params.keySet()) {
      if (!QUERY_PARAMETERS.contains(name)) {
        throw new IllegalArgumentException(
            "WeChatApi.get sends only " + QUERY_PARAMETERS + ", not " + name);
      }
    }
    return params;
  }
}
