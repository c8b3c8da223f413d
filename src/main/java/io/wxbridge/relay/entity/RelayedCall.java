package io.wxbridge.relay.entity;

import io.wxbridge.accounts.entity.AppId;
import java.time.Duration;

/**
 * Fired (CDI event) once for every call on the simulated domain that named a served account, when
 * its answer is known: what the metrics count. Carries no parameter of the call (an openid, a
 * message).
 */
public record RelayedCall(
    AppId appId, UdeskOperation operation, Outcome outcome, Duration elapsed) {

  public enum Outcome {
    /** WeChat answered without an errcode, or with errcode 0. */
    OK,
    /** WeChat answered with a non-zero errcode, passed on to Udesk as it is. */
    WECHAT_ERROR,
    /**
     * The bridge could not relay it: refused as malformed, too many at once, no access token,
     * WeChat unreachable or silent.
     */
    FAILED
  }
}
