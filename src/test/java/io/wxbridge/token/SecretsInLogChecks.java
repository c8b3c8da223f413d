package io.wxbridge.token;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.TestBridge;
import io.wxbridge.wechatapi.WeChatCalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The server's whole log, after the whole suite ran on it, holds no configured secret and no access
 * token the fake WeChat issued. BridgeIT runs it last on each server, so it covers every line the
 * suite made the bridge write. The secrets are the values of the keys README's configuration
 * reference marks 🔒 (the one list of them), wherever the suite configures them: the properties
 * file and the JNDI entries.
 */
public abstract class SecretsInLogChecks {
  /** A row of README's configuration tables: | `key` 🔒 | … */
  private static final Pattern SECRET_ROW = Pattern.compile("(?m)^\\| `([^`]+)` 🔒 \\|");

  /** A JNDI entry of the suite on Payara: … --property=value=VALUE bridge/KEY */
  private static final Pattern JNDI_ENTRY =
      Pattern.compile("(?m)--property=value=(\\S+) bridge/(\\S+)$");

  @Test
  void theWholeLogHasNoSecretAndNoAccessToken() throws Exception {
    // at least one token per token mode, so there are tokens to look for even when run alone
    new WeChatCalls("wxtokencache00001").userInfo("o-log");
    new WeChatCalls("wxtokenclassic001").sendText("o-log", "log me not");
    List<String> tokens = TestBridge.wechat().allIssuedTokens();
    assertFalse(tokens.isEmpty(), "the suite has fetched tokens, so there are some to look for");
    Map<String, String> secrets = configuredSecrets();
    assertTrue(
        secrets.keySet().stream().anyMatch(key -> key.endsWith(".app-secret"))
            && secrets.containsKey("bridge.admin.api-key")
            && secrets.keySet().stream().anyMatch(key -> key.endsWith(".encoding-aes-key")),
        "the suite's secrets were found: " + secrets.keySet());

    String log = TestBridge.serverLog();
    assertTrue(
        log.contains("new access token") || log.contains("Serving "),
        "this is the bridge's log, not an empty file");
    List<String> found = new ArrayList<>();
    secrets.forEach(
        (key, value) -> {
          if (log.contains(value)) {
            found.add(key);
          }
        });
    long leakedTokens = tokens.stream().filter(log::contains).count();
    assertTrue(found.isEmpty(), "secrets in the server log, by key: " + found);
    assertTrue(leakedTokens == 0, leakedTokens + " access tokens are in the server log");
  }

  /** Key → value of every 🔒 key the suite configures. */
  private static Map<String, String> configuredSecrets() throws IOException {
    List<Pattern> secretKeys =
        SECRET_ROW
            .matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8))
            .results()
            .map(
                row ->
                    Pattern.compile(Pattern.quote(row.group(1)).replace("<appid>", "\\E[^.]+\\Q")))
            .toList();
    assertFalse(secretKeys.isEmpty(), "README marks its secret keys with 🔒");
    Map<String, String> configured = new LinkedHashMap<>();
    Properties properties = new Properties();
    try (InputStream file = TestBridge.class.getResourceAsStream("/it/bridge-it.properties")) {
      properties.load(file);
    }
    properties
        .stringPropertyNames()
        .forEach(key -> configured.put(key, properties.getProperty(key)));
    try (InputStream file = TestBridge.class.getResourceAsStream("/it/payara-jndi.asadmin")) {
      Matcher entry = JNDI_ENTRY.matcher(new String(file.readAllBytes(), StandardCharsets.UTF_8));
      while (entry.find()) {
        configured.put(entry.group(2), entry.group(1));
      }
    }
    return configured.entrySet().stream()
        .filter(e -> !e.getValue().isBlank())
        .filter(e -> secretKeys.stream().anyMatch(key -> key.matcher(e.getKey()).matches()))
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }
}
