package io.wxbridge.accounts.control;

/** Where an administrator adds an account: said the same way in the log and on /health. */
public final class ConfigurationHint {
  public static final String NO_ACCOUNT =
      "No WeChat Official Account is configured. Add one in server-config/bridge.properties"
          + " (bridge.accounts=<appid>, bridge.account.<appid>.token=..., bridge.account.<appid>.udesk-url=...)"
          + " or as environment variables (BRIDGE_ACCOUNTS, BRIDGE_ACCOUNT_<APPID>_TOKEN,"
          + " BRIDGE_ACCOUNT_<APPID>_UDESK_URL, ...); see README.md.";

  private ConfigurationHint() {}
}
