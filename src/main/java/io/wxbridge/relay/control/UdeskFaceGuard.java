package io.wxbridge.relay.control;

import io.wxbridge.access.control.CallerRestrictions;
import io.wxbridge.access.entity.Networks;
import io.wxbridge.accounts.control.UdeskExposure;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;

/**
 * Lets a call reach an account's Udesk face only when the face is protected (see {@link
 * UdeskExposure}): an account with a udesk-path was already found by its secret path; the account's
 * own udesk-allowed-ips is checked here, with a udesk-path too; bridge.udesk.allowed-ips was
 * checked by the face's filter before the account was looked up. Anything else fails closed.
 * Whether a face is protected is read from the configuration once per account, as the allow-lists
 * are ({@link CallerRestrictions#networks}): it is on the path of every call.
 */
@ApplicationScoped
public class UdeskFaceGuard {
  @Inject Config config;
  @Inject CallerRestrictions restrictions;

  private final Map<AppId, Boolean> answers = new ConcurrentHashMap<>();

  /**
   * @throws UdeskCallException 403 naming the keys to set when the face is not protected
   */
  public void admit(Account account, String peer, List<String> forwardedFor) {
    String own = UdeskExposure.accountAllowedIps(account.appId());
    Optional<Networks> ownList = restrictions.networks(own);
    boolean ownListSet = ownList.isEmpty() || !ownList.get().isEmpty();
    if (ownListSet) {
      // also with a udesk-path: the administrator who set both wants both (a path can leak)
      restrictions.check(own, peer, forwardedFor); // 403 outside, 503 for a malformed list
    }
    if (ownListSet || account.udeskPath().isPresent()) {
      return;
    }
    if (!answers.computeIfAbsent(account.appId(), id -> answers(account))) {
      throw UdeskCallException.unprotected(UdeskExposure.refusal(account.appId()));
    }
  }

  private boolean answers(Account account) {
    UdeskExposure exposure = new UdeskExposure(key -> config.getOptionalValue(key, String.class));
    return exposure.isProtected(account) || exposure.unprotectedAllowed();
  }
}
