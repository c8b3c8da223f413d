package io.wxbridge.relay.control;

import io.wxbridge.access.control.CallerRestrictions;
import io.wxbridge.access.entity.Networks;
import io.wxbridge.accounts.control.UdeskExposure;
import io.wxbridge.accounts.entity.Account;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Lets a call reach an account's Udesk face only when the face is protected (see {@link
 * UdeskExposure}): an account with a udesk-path was already found by its secret path; the account's
 * own udesk-allowed-ips is checked here; bridge.udesk.allowed-ips was checked by the face's filter
 * before the account was looked up. Anything else fails closed.
 */
@ApplicationScoped
public class UdeskFaceGuard {
  @Inject Config config;
  @Inject CallerRestrictions restrictions;

  /**
   * @throws UdeskCallException 403 naming the keys to set when the face is not protected
   */
  public void admit(Account account, String peer, List<String> forwardedFor) {
    if (account.udeskPath().isPresent()) {
      return;
    }
    String own = UdeskExposure.accountAllowedIps(account.appId());
    Optional<Networks> ownList = restrictions.networks(own);
    if (ownList.isEmpty() || !ownList.get().isEmpty()) {
      restrictions.check(own, peer, forwardedFor); // 403 outside, 503 for a malformed list
      return;
    }
    UdeskExposure exposure = new UdeskExposure(key -> config.getOptionalValue(key, String.class));
    if (exposure.isProtected(account) || exposure.unprotectedAllowed()) {
      return;
    }
    throw UdeskCallException.unprotected(UdeskExposure.refusal(account.appId()));
  }
}
