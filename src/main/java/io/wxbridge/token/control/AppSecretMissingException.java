package io.wxbridge.token.control;

import io.wxbridge.ProblemException;

/** The account has no AppSecret, so the bridge cannot get it an access token from WeChat. */
public class AppSecretMissingException extends ProblemException {
  private static final long serialVersionUID = 1L;
  static final int APPSECRET_MISSING = 41004;

  public AppSecretMissingException(String appId) {
    super(503, APPSECRET_MISSING, "appsecret missing: bridge.account." + appId + ".app-secret is not set");
  }
}
