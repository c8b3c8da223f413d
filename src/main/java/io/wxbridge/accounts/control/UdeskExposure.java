package io.wxbridge.accounts.control;

import io.wxbridge.accounts.entity.Account;
import java.util.Optional;

/**
 * Whether an account's Udesk face can be called by anyone on the Internet: it can when it answers
 * at its public AppID (no udesk-path) and bridge.udesk.allowed-ips does not restrict the callers.
 * The face can send messages to every follower, so the administrator is warned at start.
 */
public final class UdeskExposure {
  public static final String ALLOWED_IPS = "bridge.udesk.allowed-ips";

  private final boolean callersRestricted;

  /** @param allowedIps the value of bridge.udesk.allowed-ips, if set */
  public UdeskExposure(Optional<String> allowedIps) {
    this.callersRestricted = allowedIps.filter(list -> !list.isBlank()).isPresent();
  }

  /** The warning to log for this account, or empty when its Udesk face is not open to everyone. */
  public Optional<String> warning(Account account) {
    if (account.udeskPath().isPresent() || callersRestricted) {
      return Optional.empty();
    }
    return Optional.of("The Udesk face of " + account.appId() + " answers at /udesk/" + account.appId()
        + " and /udesk?appid=" + account.appId() + " from any address, so anyone who knows the AppID can"
        + " send messages to its followers: set bridge.account." + account.appId()
        + ".udesk-path to a long random value, and/or " + ALLOWED_IPS);
  }
}
