package io.wxbridge.accounts.entity;

import java.util.Locale;

/** How the bridge obtains an account's access_token. */
public enum TokenMode {
  /** POST /cgi-bin/stable_token: the same token for every caller until WeChat rotates it. */
  STABLE,
  /** GET /cgi-bin/token: each fetch invalidates the previous token after 5 minutes. */
  CLASSIC,
  /** The enterprise's own token server (a "central control server") owns the token. */
  EXTERNAL;

  /**
   * @throws IllegalArgumentException for anything but stable, classic or external
   */
  public static TokenMode fromConfig(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "stable" -> STABLE;
      case "classic" -> CLASSIC;
      case "external" -> EXTERNAL;
      default -> throw new IllegalArgumentException("must be stable, classic or external");
    };
  }
}
