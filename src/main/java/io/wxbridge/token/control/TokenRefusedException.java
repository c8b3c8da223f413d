package io.wxbridge.token.control;

import io.wxbridge.ProblemException;
import java.util.Map;

/**
 * WeChat (or the token server) refused to issue an access token, with an errcode that retrying
 * cannot fix (IP not whitelisted, wrong AppID or AppSecret, frozen secret, quota used up). The
 * errcode is passed on; WeChat's errmsg is not (it names the server's IP), it goes to the log.
 */
public class TokenRefusedException extends ProblemException {
  private static final long serialVersionUID = 1L;
  private static final Map<Integer, String> MEANINGS = Map.of(
      40164, "the bridge's IP address is not on the account's IP whitelist",
      40013, "the AppID is not valid",
      40125, "the AppSecret is not valid",
      40243, "the AppSecret is frozen",
      41004, "the AppSecret is missing",
      45009, "the account's daily quota of token requests is used up",
      40002, "the grant type is not valid");

  private final String wechatMessage;

  public TokenRefusedException(int errcode, String wechatMessage) {
    super(502, errcode, "WeChat refused this account's access_token request (" + errcode
        + (MEANINGS.containsKey(errcode) ? ": " + MEANINGS.get(errcode) : "") + "); see the bridge's log");
    this.wechatMessage = wechatMessage;
  }

  /** WeChat's own errmsg, for the operator's log only. */
  public String wechatMessage() {
    return wechatMessage;
  }
}
