package io.wxbridge.accounts.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.accounts.entity.ConfigProblem;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The Official Accounts this bridge serves, read once from MicroProfile Config at start. A broken
 * account is left out (and reported with its keys); the others keep working.
 */
@ApplicationScoped
public class Accounts {
  public static final String ACCOUNTS_KEY = "bridge.accounts";

  @Inject Config config;

  private Map<AppId, Account> accounts = Map.of();
  private Set<AppId> misconfigured = Set.of();
  private Map<AppId, String> misconfiguredTokens = Map.of();
  private List<ConfigProblem> problems = List.of();

  @PostConstruct
  void load() {
    load(key -> config.getOptionalValue(key, String.class));
  }

  /**
   * Reads the accounts from this lookup instead of the server's MicroProfile Config (tests, tools).
   *
   * @param source looks a key up, e.g. MicroProfile Config's getOptionalValue
   */
  public void load(Function<String, Optional<String>> source) {
    AccountReader reader = new AccountReader(source);
    Map<AppId, Account> loaded = new LinkedHashMap<>();
    Set<AppId> broken = new LinkedHashSet<>();
    Map<AppId, String> brokenTokens = new LinkedHashMap<>();
    List<ConfigProblem> found = new ArrayList<>();
    for (String raw : listed(source)) {
      if (!AppId.isValid(raw)) {
        found.add(
            new ConfigProblem(
                ACCOUNTS_KEY, "'" + raw + "' is not an AppID (letters and digits only)"));
        continue;
      }
      AppId appId = new AppId(raw);
      AccountReader.Result result = reader.read(appId);
      result.account().ifPresent(account -> loaded.put(appId, account));
      if (result.account().isEmpty()) {
        broken.add(appId);
        source
            .apply(new AccountReader.Keys(appId).of("token"))
            .map(String::trim)
            .filter(t -> !t.isEmpty())
            .ifPresent(token -> brokenTokens.put(appId, token));
      }
      found.addAll(result.problems());
    }
    accounts = Collections.unmodifiableMap(loaded);
    misconfigured = Set.copyOf(broken);
    misconfiguredTokens = Map.copyOf(brokenTokens);
    problems = List.copyOf(found);
  }

  private static List<String> listed(Function<String, Optional<String>> source) {
    String list = source.apply(ACCOUNTS_KEY).orElse("");
    return Arrays.stream(list.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .distinct()
        .toList();
  }

  /**
   * The account a request path names.
   *
   * @throws UnknownAccountException 404 if no such account is configured, 503 if it is broken
   */
  public Account require(String appId) {
    if (!AppId.isValid(appId)) {
      throw UnknownAccountException.unknown();
    }
    AppId id = new AppId(appId);
    Account account = accounts.get(id);
    if (account != null) {
      return account;
    }
    throw misconfigured.contains(id)
        ? UnknownAccountException.misconfigured()
        : UnknownAccountException.unknown();
  }

  /**
   * The account whose Udesk face answers at this path segment: its udesk-path if it has one
   * (compared in constant time: it is a secret), else its AppID.
   *
   * @throws UnknownAccountException if no account answers there
   */
  public Account requireForUdesk(String segment) {
    byte[] given = segment == null ? new byte[0] : segment.getBytes(StandardCharsets.UTF_8);
    Account match = null;
    for (Account account : accounts.values()) {
      boolean matches =
          account
              .udeskPath()
              .map(path -> MessageDigest.isEqual(path.getBytes(StandardCharsets.UTF_8), given))
              .orElseGet(() -> account.appId().value().equals(segment));
      if (matches) {
        match = account;
      }
    }
    if (match != null) {
      return match;
    }
    if (AppId.isValid(segment) && misconfigured.contains(new AppId(segment))) {
      throw UnknownAccountException.misconfigured();
    }
    throw UnknownAccountException.unknown();
  }

  /**
   * The account a Udesk call names with {@code ?appid=}: only an account without a udesk-path
   * answers there (one with a udesk-path answers only at /udesk/&lt;udesk-path&gt;).
   *
   * @throws UnknownAccountException if no account answers there
   */
  public Account requireForUdeskQuery(String appId) {
    Account account = require(appId);
    if (account.udeskPath().isPresent()) {
      throw UnknownAccountException.unknown();
    }
    return account;
  }

  /**
   * The account served under this path segment, if any (no exception: callers decide what a
   * stranger sees).
   */
  public Optional<Account> served(String appId) {
    return AppId.isValid(appId) ? find(new AppId(appId)) : Optional.empty();
  }

  /**
   * The WeChat Token of an account that is listed but not served because its configuration has
   * errors, so that WeChat's genuine pushes for it can still be told from a stranger's.
   */
  public Optional<String> misconfiguredToken(String appId) {
    return AppId.isValid(appId)
        ? Optional.ofNullable(misconfiguredTokens.get(new AppId(appId)))
        : Optional.empty();
  }

  public Optional<Account> find(AppId appId) {
    return Optional.ofNullable(accounts.get(appId));
  }

  public Collection<Account> all() {
    return accounts.values();
  }

  public boolean noneConfigured() {
    return accounts.isEmpty();
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
