package io.wxbridge.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.accounts.entity.ConfigProblem;
import io.wxbridge.accounts.entity.TokenMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountReaderTest {
  static final AppId APP = new AppId("wx0123456789abcdef");
  static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  final Map<String, String> config = new HashMap<>();

  AccountReader.Result read() {
    return new AccountReader(key -> Optional.ofNullable(config.get(key))).read(APP);
  }

  void set(String suffix, String value) {
    config.put("bridge.account.wx0123456789abcdef." + suffix, value);
  }

  @Test
  void minimalPlaintextAccount() {
    set("token", "t0ken");
    set("udesk-url", "https://demo.udesk.cn/weixin/abc");

    Account account = read().account().orElseThrow();

    assertEquals("t0ken", account.token());
    assertFalse(account.canDecrypt(), "an account without EncodingAESKey cannot decrypt");
    assertEquals(TokenMode.STABLE, account.tokenMode());
    assertEquals("wx0123456789abcdef", account.officialAccountId());
    assertFalse(account.toString().contains("t0ken"), "toString never shows secrets");
  }

  @Test
  void keysAreTriedCurrentFirstThenPrevious() {
    set("token", "t");
    set("udesk-url", "http://127.0.0.1:9/x");
    set("encoding-aes-key", KEY);
    set("previous-encoding-aes-key", "A".repeat(43));

    Account account = read().account().orElseThrow();

    assertEquals(2, account.aesKeys().size());
    assertEquals(32, account.currentAesKey().orElseThrow().bytes().length);
    assertEquals(
        0,
        account.aesKeys().get(1).bytes()[0],
        "43 x 'A' decodes to 32 zero bytes (vector V3, docs/protocol.md §2)");
  }

  @Test
  void everyProblemIsReportedByKeyNeverByValue() {
    set("token", " ");
    set("udesk-url", "ftp://udesk.example");
    set("encoding-aes-key", "secret-but-too-short");
    set("encrypted-only", "yes");
    set("token-mode", "sometimes");

    AccountReader.Result result = read();

    assertTrue(result.account().isEmpty(), "an account with problems is not served");
    List<String> keys = result.problems().stream().map(ConfigProblem::key).toList();
    assertEquals(
        List.of(
            "bridge.account.wx0123456789abcdef.token",
            "bridge.account.wx0123456789abcdef.udesk-url",
            "bridge.account.wx0123456789abcdef.encoding-aes-key",
            "bridge.account.wx0123456789abcdef.encrypted-only",
            "bridge.account.wx0123456789abcdef.token-mode"),
        keys);
    assertFalse(
        result.problems().toString().contains("secret-but-too-short"),
        "the problems never quote a configured value");
  }

  @Test
  void encryptedOnlyNeedsAKeyAndExternalNeedsATokenUrl() {
    set("token", "t");
    set("udesk-url", "https://demo.udesk.cn/weixin/abc");
    set("encrypted-only", "true");
    set("token-mode", "external");

    List<String> keys = read().problems().stream().map(ConfigProblem::key).toList();

    assertEquals(
        List.of(
            "bridge.account.wx0123456789abcdef.encoding-aes-key",
            "bridge.account.wx0123456789abcdef.token-url"),
        keys);
  }

  @Test
  void udeskPathMustBeLongAndUrlSafe() {
    set("token", "t");
    set("udesk-url", "https://demo.udesk.cn/weixin/abc");
    set("udesk-path", "short");
    assertEquals("bridge.account.wx0123456789abcdef.udesk-path", read().problems().get(0).key());

    set("udesk-path", "Zq3xV9_kP2-mL7wR4tY8");
    assertEquals(Optional.of("Zq3xV9_kP2-mL7wR4tY8"), read().account().orElseThrow().udeskPath());
  }
}
