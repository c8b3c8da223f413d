package io.wxbridge.testing;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.accounts.entity.TokenMode;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Accounts for unit tests that need one but none of its settings in particular. */
public final class TestAccounts {
  private TestAccounts() {}

  /** Plaintext, stable_token, a Udesk URL that is never called, no udesk-path. */
  public static Account plain(String appId) {
    return withUdeskPath(appId, Optional.empty());
  }

  public static Account withUdeskPath(String appId, Optional<String> udeskPath) {
    return new Account(
        new AppId(appId),
        "token",
        List.of(),
        false,
        URI.create("https://udesk.example/weixin/x"),
        Optional.of("secret"),
        TokenMode.STABLE,
        Optional.empty(),
        udeskPath,
        Optional.empty(),
        appId);
  }
}
