package io.wxbridge.accounts.control;

import io.wxbridge.ProblemException;

/** A request named an account this bridge does not serve (or whose configuration is broken). */
public class UnknownAccountException extends ProblemException {
  private static final long serialVersionUID = 1L;
  /** WeChat's own "invalid appid" code, so Udesk reads it the way it reads WeChat's answers. */
  static final int INVALID_APPID = 40013;

  private UnknownAccountException(int status, String message) {
    super(status, INVALID_APPID, message);
  }

  static UnknownAccountException unknown() {
    return new UnknownAccountException(404, "no account with this AppID is configured on this bridge");
  }

  static UnknownAccountException misconfigured() {
    return new UnknownAccountException(503, "this account's configuration has errors; see the bridge's log");
  }
}
