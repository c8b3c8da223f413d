package io.wxbridge.access.control;

import io.wxbridge.ProblemException;

/**
 * A caller outside a face's allowed networks (or a list the bridge cannot read, so it lets nobody
 * in).
 */
public class CallerNotAllowedException extends ProblemException {
  private static final long serialVersionUID = 1L;

  /**
   * WeChat's own code for "invalid ip, not in whitelist", so Udesk reads it like WeChat's answers.
   */
  static final int NOT_IN_WHITELIST = 40164;

  static final int SYSTEM_ERROR = -1;

  private CallerNotAllowedException(int status, int errcode, String message) {
    super(status, errcode, message);
  }

  static CallerNotAllowedException outside(String caller, String key) {
    return new CallerNotAllowedException(
        403, NOT_IN_WHITELIST, "invalid ip " + caller + ", not in whitelist (" + key + ")");
  }

  static CallerNotAllowedException unreadableList(String key) {
    return new CallerNotAllowedException(
        503,
        SYSTEM_ERROR,
        key
            + " or bridge.trusted-proxies is malformed; nobody is let in until it is fixed (see the bridge's log)");
  }

  /**
   * 401 with WeChat's "invalid credential": an admin or status endpoint called without the admin
   * key.
   */
  static CallerNotAllowedException notAdmin() {
    return new CallerNotAllowedException(
        401,
        40001,
        "admin only: present Authorization: Bearer <"
            + AdminCallers.API_KEY
            + "> or call from "
            + AdminCallers.ALLOWED_IPS);
  }
}
