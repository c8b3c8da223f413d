package io.wxbridge.accounts.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether an account's Udesk face is protected. AppIDs are public (every follower sees them), and
 * the face can message every follower, so it answers only when it is protected: by a udesk-path (a
 * secret URL), or by an allow-list of callers (bridge.udesk.allowed-ips, or the account's own
 * udesk-allowed-ips). An unprotected face refuses every call, unless the administrator of a closed
 * network opts out with bridge.udesk.allow-unprotected=true, which is warned about at every start.
 */
public final class UdeskExposure {
  public static final String ALLOWED_IPS = "bridge.udesk.allowed-ips";
  public static final String ALLOW_UNPROTECTED = "bridge.udesk.allow-unprotected";

  private final Function<String, Optional<String>> config;

  /**
   * @param config looks a key up, e.g. MicroProfile Config's getOptionalValue
   */
  public UdeskExposure(Function<String, Optional<String>> config) {
    this.config = config;
  }

  /** The account's own allow-list key, checked in addition to bridge.udesk.allowed-ips. */
  public static String accountAllowedIps(AppId appId) {
    return "bridge.account." + appId.value() + ".udesk-allowed-ips";
  }

  public boolean hasOwnAllowList(Account account) {
    return set(accountAllowedIps(account.appId()));
  }

  public boolean isProtected(Account account) {
    return account.udeskPath().isPresent() || set(ALLOWED_IPS) || hasOwnAllowList(account);
  }

  /**
   * True when the administrator declared the network closed: unprotected faces then answer anyone.
   */
  public boolean unprotectedAllowed() {
    return config
        .apply(ALLOW_UNPROTECTED)
        .map(String::trim)
        .filter("true"::equalsIgnoreCase)
        .isPresent();
  }

  /** The line to log at start for this account, or empty when its Udesk face is protected. */
  public Optional<String> warning(Account account) {
    if (isProtected(account)) {
      return Optional.empty();
    }
    if (unprotectedAllowed()) {
      return Optional.of(
          "The Udesk face of "
              + account.appId()
              + " answers ANY caller at /udesk/"
              + account.appId()
              + " because "
              + ALLOW_UNPROTECTED
              + "=true: anyone who can reach the bridge and knows the AppID can"
              + " message its followers. Set "
              + keys(account.appId())
              + " instead unless the network is closed");
    }
    return Optional.of(
        "The Udesk face of "
            + account.appId()
            + " refuses every call: it is not protected. "
            + "Set "
            + keys(account.appId()));
  }

  /** What an unprotected face answers (errmsg): the keys to set, never a secret. */
  public static String refusal(AppId appId) {
    return "the Udesk face of this account is not protected, so it refuses every call: set "
        + keys(appId);
  }

  private static String keys(AppId appId) {
    return "bridge.account."
        + appId.value()
        + ".udesk-path (e.g. openssl rand -hex 24; the simulated domain is then"
        + " https://<host>/udesk/<udesk-path>), "
        + accountAllowedIps(appId)
        + " or "
        + ALLOWED_IPS
        + " (Udesk's addresses)";
  }

  /**
   * True when the list under the key has an entry, well-formed or not (a malformed one fails closed
   * where the list is checked). Commas and blanks alone are no list: they separate entries, and the
   * list checked there would be empty, so such a face would answer anyone.
   */
  private boolean set(String key) {
    return config.apply(key).filter(UdeskExposure::hasAnEntry).isPresent();
  }

  /** Anything but the lists' separators: a comma, what the regex \s matches (ASCII blanks). */
  private static boolean hasAnEntry(String list) {
    return list.chars().anyMatch(c -> ", \t\n\u000B\f\r".indexOf(c) < 0);
  }
}
