package io.wxbridge.accounts.control;

import io.wxbridge.ProblemException;

/**
 * A request named an account this bridge does not serve (unknown, or its configuration is broken):
 * 404.
 */
public class UnknownAccountException extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** WeChat's own "invalid appid" code, so Udesk reads it the way it reads WeChat's answers. */
  static final int INVALID_APPID = 40013;

  private UnknownAccountException(int status, String message) {
    super(status, INVALID_APPID, message);
  }

  static UnknownAccountException unknown() {
    return new UnknownAccountException(
        404, "no account with this AppID is configured on this bridge");
  }

  /**
   * A 404 too, not a 5xx: to WeChat a 5xx means "show followers the service-unavailable banner",
   * and to callers the account is not served either way; the log and /health name the broken keys.
   */
  static UnknownAccountException misconfigured() {
    return new UnknownAccountException(
        404, "this account is not served: its configuration has errors (see the bridge's log)");
  }
}
