package io.wxbridge.relay.entity;

/**
 * How a call names its account: a path segment (/udesk/&lt;appid-or-udesk-path&gt;) or the appid
 * query parameter (/udesk?appid=&lt;appid&gt;). An account with a udesk-path answers only to the
 * first.
 */
public record AccountName(String value, boolean inQuery) {
  public static AccountName path(String segment) {
    return new AccountName(segment, false);
  }

  public static AccountName query(String appId) {
    return new AccountName(appId, true);
  }

  /** Never the udesk-path itself in a log line: it is a secret. */
  @Override
  public String toString() {
    return inQuery ? "?appid=" + value : "/udesk/<segment>";
  }
}
