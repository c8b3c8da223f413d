package io.wxbridge.accounts.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.accounts.entity.ConfigProblem;
import io.wxbridge.accounts.entity.EncodingAesKey;
import io.wxbridge.accounts.entity.HttpUrl;
import io.wxbridge.accounts.entity.TokenMode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads one account's bridge.account.&lt;appid&gt;.* keys. Every problem is collected (not just the
 * first) so an administrator can fix a broken account in one go; problems name the key, never the
 * value.
 */
public final class AccountReader {
  private static final Pattern UDESK_PATH = Pattern.compile("[A-Za-z0-9_-]{16,128}");

  private final Function<String, Optional<String>> config;

  /**
   * @param config looks a key up, e.g. MicroProfile Config's getOptionalValue
   */
  public AccountReader(Function<String, Optional<String>> config) {
    this.config = config;
  }

  public record Result(Optional<Account> account, List<ConfigProblem> problems) {}

  public Result read(AppId appId) {
    Keys keys = new Keys(appId);
    List<ConfigProblem> problems = new ArrayList<>();

    Optional<String> token = value(keys.of("token"));
    if (token.isEmpty()) {
      problems.add(
          new ConfigProblem(
              keys.of("token"), "missing: the Token from the WeChat admin's server configuration"));
    }
    Optional<URI> udeskUrl = httpUrl(keys.of("udesk-url"), problems);
    if (udeskUrl.isEmpty() && value(keys.of("udesk-url")).isEmpty()) {
      problems.add(
          new ConfigProblem(
              keys.of("udesk-url"),
              "missing: the URL Udesk shows under Management Center > Channel Management > WeChat"));
    }
    List<EncodingAesKey> aesKeys = new ArrayList<>();
    aesKey(keys.of("encoding-aes-key"), problems).ifPresent(aesKeys::add);
    aesKey(keys.of("previous-encoding-aes-key"), problems).ifPresent(aesKeys::add);
    if (aesKeys.isEmpty()
        && value(keys.of("previous-encoding-aes-key")).isPresent()
        && value(keys.of("encoding-aes-key")).isEmpty()) {
      problems.add(
          new ConfigProblem(keys.of("encoding-aes-key"), "missing while a previous key is set"));
    }
    boolean encryptedOnly = bool(keys.of("encrypted-only"), problems);
    if (encryptedOnly && value(keys.of("encoding-aes-key")).isEmpty()) {
      problems.add(
          new ConfigProblem(keys.of("encoding-aes-key"), "missing, but encrypted-only is true"));
    }
    TokenMode tokenMode = tokenMode(keys.of("token-mode"), problems);
    Optional<URI> tokenUrl = httpUrl(keys.of("token-url"), problems);
    if (tokenMode == TokenMode.EXTERNAL && value(keys.of("token-url")).isEmpty()) {
      problems.add(new ConfigProblem(keys.of("token-url"), "missing, but token-mode is external"));
    }
    Optional<URI> apiUrl = httpUrl(keys.of("api-url"), problems);
    Optional<String> udeskPath = value(keys.of("udesk-path"));
    if (udeskPath.isPresent() && !UDESK_PATH.matcher(udeskPath.get()).matches()) {
      problems.add(
          new ConfigProblem(
              keys.of("udesk-path"),
              "must be 16 to 128 letters, digits, '-' or '_' (a long random value)"));
    }

    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), List.copyOf(problems));
    }
    Account account =
        new Account(
            appId,
            token.orElseThrow(),
            aesKeys,
            encryptedOnly,
            udeskUrl.orElseThrow(),
            value(keys.of("app-secret")),
            tokenMode,
            tokenUrl,
            udeskPath,
            value(keys.of("video-sdk-app-id")),
            value(keys.of("official-account-id")).orElse(appId.value()),
            apiUrl);
    return new Result(Optional.of(account), List.of());
  }

  private Optional<String> value(String key) {
    return config.apply(key).map(String::trim).filter(v -> !v.isEmpty());
  }

  private Optional<EncodingAesKey> aesKey(String key, List<ConfigProblem> problems) {
    try {
      return value(key).map(EncodingAesKey::parse);
    } catch (IllegalArgumentException malformed) {
      problems.add(new ConfigProblem(key, malformed.getMessage()));
      return Optional.empty();
    }
  }

  private Optional<URI> httpUrl(String key, List<ConfigProblem> problems) {
    Optional<String> raw = value(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    Optional<URI> url = HttpUrl.parse(raw.get());
    if (url.isEmpty()) {
      problems.add(new ConfigProblem(key, "must be an absolute http:// or https:// URL"));
    }
    return url;
  }

  private boolean bool(String key, List<ConfigProblem> problems) {
    Optional<String> raw = value(key).map(v -> v.toLowerCase(Locale.ROOT));
    if (raw.isEmpty() || raw.get().equals("false")) {
      return false;
    }
    if (raw.get().equals("true")) {
      return true;
    }
    problems.add(new ConfigProblem(key, "must be true or false"));
    return false;
  }

  private TokenMode tokenMode(String key, List<ConfigProblem> problems) {
    try {
      return value(key).map(TokenMode::fromConfig).orElse(TokenMode.STABLE);
    } catch (IllegalArgumentException wrong) {
      problems.add(new ConfigProblem(key, wrong.getMessage()));
      return TokenMode.STABLE;
    }
  }

  /** The config key names of one account. */
  public record Keys(AppId appId) {
    public String of(String suffix) {
      return "bridge.account." + appId.value() + "." + suffix;
    }
  }
}
