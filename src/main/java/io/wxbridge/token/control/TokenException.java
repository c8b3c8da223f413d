package io.wxbridge.token.control;

import io.wxbridge.ProblemException;
import io.wxbridge.accounts.entity.TokenMode;
import io.wxbridge.outbound.control.CallFailure;
import java.util.Map;

/**
 * No access token for an account: WeChat (or the token server) refused one, could not be reached,
 * or answered something that is not a token; or the account has no AppSecret. A refusal passes
 * WeChat's errcode on but not its errmsg (it names the server's IP): that goes to the log only.
 */
public class TokenException extends ProblemException {
  private static final long serialVersionUID = 1L;
  private static final int SYSTEM_ERROR = -1;
  static final int APPSECRET_MISSING = 41004;
  private static final Map<Integer, String> MEANINGS =
      Map.of(
          40164, "the bridge's IP address is not on the account's IP whitelist",
          40013, "the AppID is not valid",
          40125, "the AppSecret is not valid",
          40243, "the AppSecret is frozen",
          41004, "the AppSecret is missing",
          45009, "the account's daily quota of token requests is used up",
          40002, "the grant type is not valid");

  /** WeChat's own errmsg of a refusal, for the operator's log; null for every other failure. */
  private final String wechatMessage;

  private TokenException(int status, int errcode, String message, String wechatMessage) {
    super(status, errcode, message);
    this.wechatMessage = wechatMessage;
  }

  private TokenException(int status, int errcode, String message, Throwable cause) {
    super(status, errcode, message, cause);
    this.wechatMessage = null;
  }

  private TokenException(int status, int errcode, String message) {
    this(status, errcode, message, (String) null);
  }

  /**
   * WeChat (or the token server) refused with an errcode that retrying cannot fix (IP not
   * whitelisted, wrong AppID or AppSecret, frozen secret, quota used up).
   */
  static TokenException refused(int errcode, String wechatMessage) {
    return new TokenException(
        502,
        errcode,
        "WeChat refused this account's access_token request ("
            + errcode
            + (MEANINGS.containsKey(errcode) ? ": " + MEANINGS.get(errcode) : "")
            + "); see the bridge's log",
        wechatMessage == null ? "" : wechatMessage);
  }

  /** The account has no AppSecret, so the bridge cannot get it an access token from WeChat. */
  static TokenException appSecretMissing(String appId) {
    return new TokenException(
        503,
        APPSECRET_MISSING,
        "appsecret missing: bridge.account." + appId + ".app-secret is not set");
  }

  /**
   * The endpoint answered, but not with a token or a WeChat error: an HTTP error page, or JSON
   * without access_token (a misconfigured token-url, a proxy in the way). Not repeated.
   */
  static TokenException unusableAnswer(String what, int status) {
    return new TokenException(
        502, SYSTEM_ERROR, what + " answered HTTP " + status + " without an access_token");
  }

  /** The endpoint's answer ran past what a token answer can be (an endless stream, a wrong URL). */
  static TokenException tooLarge(String what, int status, int limit) {
    return new TokenException(
        502,
        SYSTEM_ERROR,
        what
            + " answered HTTP "
            + status
            + " with more than "
            + limit / 1024
            + " KiB: not a token answer, not read");
  }

  /** The endpoint issued a token with an expires_in of 0 or less: not used, fetched again later. */
  static TokenException expiredAsIssued(String what, long expiresIn) {
    return new TokenException(
        502,
        SYSTEM_ERROR,
        what + " issued an access_token that expires at once (expires_in " + expiresIn + ")");
  }

  /**
   * The token source handed out the token WeChat had rejected, also when asked after the rejection:
   * not used (each call would be rejected again); the source is asked again after the back-off, and
   * if it hands the same token out then, it is taken.
   */
  static TokenException rejectedOneAgain(TokenMode mode) {
    return new TokenException(
        502,
        SYSTEM_ERROR,
        (mode == TokenMode.EXTERNAL ? "the token server" : "WeChat's token endpoint")
            + " handed out the access_token WeChat had just rejected: not used");
  }

  /** A token fetch failed in a way none of the others describes; the cause stays for the log. */
  static TokenException unexpected(Throwable cause) {
    return new TokenException(
        502, SYSTEM_ERROR, "no access_token: the fetch failed unexpectedly", cause);
  }

  /**
   * A fetch is running but has not ended within bridge.token.max-wait: the caller gets WeChat's own
   * "system busy" rather than waiting on; the fetch goes on and serves the next caller.
   */
  static TokenException stillFetching() {
    return new TokenException(
        503, SYSTEM_ERROR, "system busy: the access_token is still being fetched; try again");
  }

  /**
   * The request was sent but no answer came in time: it may have been received, so it is not
   * repeated.
   */
  static TokenException noAnswer(String what) {
    return new TokenException(
        502, SYSTEM_ERROR, "no answer from " + what + " in time: no access_token");
  }

  /**
   * True if both say the same to the caller and to the operator: errcode, message, WeChat's errmsg
   * (without its per-request {@code rid}: a 40164 names the IP to whitelist) and the kind of an
   * unexpected cause. Anything else is a change of state, worth a log line of its own.
   */
  boolean sameAs(TokenException other) {
    return errcode() == other.errcode()
        && getMessage().equals(other.getMessage())
        && withoutRid(wechatMessage()).equals(withoutRid(other.wechatMessage()))
        && causeKind().equals(other.causeKind());
  }

  private static String withoutRid(String errmsg) {
    int rid = errmsg.indexOf(" rid:");
    return rid < 0 ? errmsg : errmsg.substring(0, rid);
  }

  private String causeKind() {
    return getCause() == null ? "" : CallFailure.describe(getCause()); // as the log names it
  }

  /** True if WeChat refused the token: the refusal is remembered and waited out (see TokenSlot). */
  boolean isRefusal() {
    return wechatMessage != null;
  }

  /** WeChat's own errmsg of a refusal, for the operator's log only; empty for other failures. */
  String wechatMessage() {
    return wechatMessage == null ? "" : wechatMessage;
  }

  /**
   * What {@link TokenRequests} is retried on: WeChat answered -1 (busy) or no connection could be
   * made. When the retries are used up it reaches the caller as 502.
   */
  static final class Retryable extends TokenException {
    private static final long serialVersionUID = 1L;

    private Retryable(String message) {
      super(502, SYSTEM_ERROR, message);
    }

    static Retryable busy() {
      return new Retryable("WeChat is busy (-1) and issued no access_token; try again");
    }

    static Retryable unreachable(String what) {
      return new Retryable(what + " unreachable: no access_token");
    }
  }
}
