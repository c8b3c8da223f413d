package io.wxbridge.requests.entity;

import java.util.Objects;

/**
 * Whom outbound work (a WeChat API call, a token fetch) is done for, as its log lines name it: a
 * request, by the id its caller was told ("request 3f9a0c12ab45", as in the relayed call's own
 * line), a push kept in the inbox, by its label (which names the request that brought it), or the
 * bridge's own timer, which serves no request and says so ("no request (token refresh timer)"): no
 * id is made up for it, so a grep for an id finds only lines about that request.
 */
public final class OnBehalfOf {
  /** The access-token timer's refreshes, which no request asked for. */
  public static final OnBehalfOf TOKEN_TIMER = new OnBehalfOf("no request (token refresh timer)");

  private final String label;

  private OnBehalfOf(String label) {
    this.label = label;
  }

  public static OnBehalfOf request(RequestId id) {
    return new OnBehalfOf("request " + id.value());
  }

  /**
   * @param label the push's label in every line about it ("text MsgId=… (encrypted), request …")
   */
  public static OnBehalfOf push(String label) {
    return new OnBehalfOf(Objects.requireNonNull(label, "label"));
  }

  @Override
  public String toString() {
    return label;
  }
}
