package io.wxbridge.accounts.boundary;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.control.ConfigurationHint;
import io.wxbridge.accounts.control.UdeskExposure;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.ConfigProblem;
import io.wxbridge.accounts.entity.TokenMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Tells the administrator at start what the bridge serves and what is wrong with its configuration.
 */
@ApplicationScoped
public class AccountsStartupReport {
  private static final Logger LOG = Logger.getLogger(AccountsStartupReport.class.getName());

  @Inject Accounts accounts;
  @Inject Config config;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    for (ConfigProblem problem : accounts.problems()) {
      LOG.severe("Configuration error, account not served: " + problem);
    }
    if (accounts.noneConfigured()) {
      LOG.warning(ConfigurationHint.NO_ACCOUNT);
      return;
    }
    UdeskExposure exposure = new UdeskExposure(key -> config.getOptionalValue(key, String.class));
    for (Account account : accounts.all()) {
      LOG.info(
          () ->
              "Serving "
                  + account.appId()
                  + ": WeChat server URL /wechat/"
                  + account.appId()
                  + (account.canDecrypt()
                      ? " (plaintext, compatible and safe mode)"
                      : " (plaintext mode only)")
                  + (account.encryptedOnly() ? ", encrypted pushes only" : ""));
      if (account.appSecret().isEmpty() && account.tokenMode() != TokenMode.EXTERNAL) {
        LOG.warning(
            "bridge.account."
                + account.appId()
                + ".app-secret is not set: the Udesk face of "
                + account.appId()
                + " cannot call the WeChat API until it is");
      }
      exposure.warning(account).ifPresent(LOG::warning);
    }
  }
}
