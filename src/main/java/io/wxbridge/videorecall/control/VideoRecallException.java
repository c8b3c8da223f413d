package io.wxbridge.videorecall.control;

import io.wxbridge.ProblemException;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.ConfigProblem;
import io.wxbridge.text.entity.ShownText;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A video-recall call that was refused or could not be completed: the caller's key, the order, the
 * account's or the bridge's setup, Udesk's video API, the QR image or WeChat's answer. Each carries
 * the errcode WeChat itself uses for the same kind of problem, or Udesk's own code when Udesk
 * refused, so the caller reads it like WeChat's answers. Upstream text is passed on shortened and
 * without control characters; a secret never is.
 */
public class VideoRecallException extends ProblemException {
  private static final long serialVersionUID = 1L;
  static final int SYSTEM_ERROR = -1;

  /** WeChat's "invalid credential": the code its callers already know for a bad key. */
  static final int INVALID_CREDENTIAL = 40001;

  /** WeChat's "invalid openid". */
  static final int INVALID_OPENID = 40003;

  /** WeChat's "empty post data". */
  static final int EMPTY_POST_DATA = 44002;

  /** WeChat's "data format error". */
  static final int DATA_FORMAT_ERROR = 47001;

  /** WeChat's "api unauthorized": the feature is not enabled or not set up. */
  static final int NOT_ENABLED = 48001;

  private static final int MAX_UPSTREAM_TEXT = 200;

  private VideoRecallException(int status, int errcode, String message, Throwable cause) {
    super(status, errcode, message, cause);
  }

  private VideoRecallException(int status, int errcode, String message) {
    super(status, errcode, message);
  }

  private VideoRecallException(int status, int errcode, String message, boolean requestBrokeOff) {
    super(status, errcode, message, requestBrokeOff);
  }

  // The caller's bearer key (ApiKeyVerifier).

  static VideoRecallException closed() {
    return new VideoRecallException(
        503,
        NOT_ENABLED,
        "video recall is disabled on this bridge: set bridge.video.api-key to enable it");
  }

  static VideoRecallException keyMissing() {
    return new VideoRecallException(
        401, INVALID_CREDENTIAL, "missing Authorization: Bearer <bridge.video.api-key>");
  }

  static VideoRecallException notBearer() {
    return new VideoRecallException(
        401, INVALID_CREDENTIAL, "the Authorization header must be Bearer <key>, given once");
  }

  static VideoRecallException wrongKey() {
    return new VideoRecallException(401, INVALID_CREDENTIAL, "wrong bearer key");
  }

  // The order in the body (RecallOrderReader): the message says which part and why.

  static VideoRecallException wrongSignature() {
    return new VideoRecallException(
        401,
        INVALID_CREDENTIAL,
        "wrong signature: token must be"
            + " sha256(appId&secret&nonce&timestap) with the company's Udesk appId and secret");
  }

  static VideoRecallException signatureIncomplete(
      io.wxbridge.videorecall.entity.UdeskVideoHeaders names) {
    return new VideoRecallException(
        401,
        INVALID_CREDENTIAL,
        "a signed request needs "
            + names.appId()
            + ", "
            + names.nonce()
            + ", "
            + names.timestamp()
            + " and "
            + names.token()
            + " (headers or query parameters)");
  }

  static VideoRecallException signatureHeaderTwice(String name) {
    return new VideoRecallException(
        401, INVALID_CREDENTIAL, "the signature's " + name + " must be given once");
  }

  static VideoRecallException staleSignature(long windowSeconds) {
    return new VideoRecallException(
        401,
        INVALID_CREDENTIAL,
        "the timestamp must be the current time in seconds, within " + windowSeconds + " s");
  }

  static VideoRecallException reusedNonce() {
    return new VideoRecallException(
        401, INVALID_CREDENTIAL, "this nonce was already used: send a new one (a UUID)");
  }

  static VideoRecallException tooManyNonces() {
    return new VideoRecallException(
        429, 45009, "too many signed requests in the signature window; try again later");
  }

  static VideoRecallException signatureNotConfigured() {
    return new VideoRecallException(
        503,
        NOT_ENABLED,
        "signed requests are not enabled on this bridge: set"
            + " bridge.video.udesk-app-id, bridge.video.udesk-secret and bridge.video.qrcode-url");
  }

  static VideoRecallException emptyOrder() {
    return new VideoRecallException(
        400,
        EMPTY_POST_DATA,
        "empty body: send a JSON object such as {\"openid\":\"...\",\"callTimes\":-1,\"send\":false}");
  }

  static VideoRecallException orderTooLarge(int max) {
    return new VideoRecallException(
        413, DATA_FORMAT_ERROR, "the body is larger than " + max + " bytes");
  }

  static VideoRecallException badOrder(String problem) {
    return new VideoRecallException(400, DATA_FORMAT_ERROR, problem);
  }

  /** The order's body ended before its end: 400 without a body, which nobody is left to read. */
  static VideoRecallException orderCutOff() {
    return new VideoRecallException(
        400, DATA_FORMAT_ERROR, "the body could not be read (the connection broke off)", true);
  }

  static VideoRecallException badOpenid(String problem) {
    return new VideoRecallException(400, INVALID_OPENID, problem);
  }

  // Setup: the account's and the bridge's.

  static VideoRecallException noSdkAppId(Account account) {
    return new VideoRecallException(
        503,
        NOT_ENABLED,
        "video recall is not set up for "
            + account.appId()
            + ": set bridge.account."
            + account.appId()
            + ".video-sdk-app-id (the video mini-program's sdkAppId)");
  }

  static VideoRecallException notConfigured(List<ConfigProblem> problems) {
    return new VideoRecallException(
        503,
        NOT_ENABLED,
        "video recall is not configured on this bridge: "
            + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
  }

  // Udesk's video API (UdeskVideoApi, UdeskVideoAnswerReader): its own non-1000 code is passed on,
  // but for 0, which a WeChat-shaped answer's reader takes for success: -1 then, its code in
  // errmsg.

  static VideoRecallException udeskRefused(int code, String message) {
    return new VideoRecallException(
        502,
        code == 0 ? SYSTEM_ERROR : code,
        "Udesk's video API refused the QR-code request: code "
            + code
            + ", message \""
            + ShownText.of(message == null ? null : message.strip(), MAX_UPSTREAM_TEXT)
            + "\"");
  }

  static VideoRecallException udeskHttpError(int status) {
    return new VideoRecallException(
        502, SYSTEM_ERROR, "Udesk's video API answered HTTP " + status + " without a JSON answer");
  }

  static VideoRecallException udeskMalformed(String what) {
    return new VideoRecallException(
        502, SYSTEM_ERROR, "Udesk's video API answered malformed JSON: " + what);
  }

  static VideoRecallException udeskTimedOut(long millis, Throwable cause) {
    return new VideoRecallException(
        504,
        SYSTEM_ERROR,
        "no answer from Udesk's video API within "
            + millis
            + " ms; not retried, the request may have reached Udesk",
        cause);
  }

  static VideoRecallException udeskBrokeOff(Throwable cause) {
    return new VideoRecallException(
        502,
        SYSTEM_ERROR,
        "the connection to Udesk's video API failed after the request was sent; not retried",
        cause);
  }

  // The QR image at Udesk's qrCodeUrl (QrImageFetcher): nothing was uploaded or sent.

  static VideoRecallException imageFailed(String problem) {
    return imageFailed(problem, null);
  }

  static VideoRecallException imageFailed(String problem, Throwable cause) {
    return new VideoRecallException(502, SYSTEM_ERROR, imageProblem(problem), cause);
  }

  static VideoRecallException imageTimedOut(long millis) {
    return new VideoRecallException(
        504, SYSTEM_ERROR, imageProblem("no complete image within " + millis + " ms"));
  }

  /**
   * WeChat answered a step of a QR delivery with something not JSON; says the step and status,
   * never the body.
   */
  static VideoRecallException unreadableWeChatAnswer(String step, int status) {
    return new VideoRecallException(
        502,
        SYSTEM_ERROR,
        "WeChat's answer to the " + step + " step was not a JSON object (HTTP " + status + ")");
  }

  private static String imageProblem(String problem) {
    return "could not fetch the QR image from Udesk's qrCodeUrl: "
        + problem
        + "; nothing was sent to the follower";
  }

  /**
   * What {@link UdeskVideoApi} is retried on: the request provably never reached Udesk's video API
   * (connection refused, no route, unknown host), the one failure that is safe to retry. When the
   * retries are used up it reaches the caller as 502.
   */
  static final class Retryable extends VideoRecallException {
    private static final long serialVersionUID = 1L;

    private Retryable(Throwable cause) {
      super(502, SYSTEM_ERROR, "Udesk's video API unreachable (connection not established)", cause);
    }

    static Retryable udeskNotReached(Throwable cause) {
      return new Retryable(cause);
    }
  }
}
