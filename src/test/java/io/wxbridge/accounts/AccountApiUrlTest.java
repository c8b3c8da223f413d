package io.wxbridge.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.control.AccountReader;
import io.wxbridge.accounts.entity.AppId;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** bridge.account.&lt;appid&gt;.api-url: optional, and an http(s) URL when set. */
class AccountApiUrlTest {
  private static final AppId APP = new AppId("wxtokenreader0001");

  @Test
  void absentByDefault() {
    AccountReader.Result result = read(Map.of());
    assertEquals(Optional.empty(), result.account().orElseThrow().apiUrl());
  }

  @Test
  void readWhenSet() {
    AccountReader.Result result = read(Map.of("api-url", "http://proxy.example:8080"));
    assertEquals(
        Optional.of(URI.create("http://proxy.example:8080")),
        result.account().orElseThrow().apiUrl());
  }

  @Test
  void aMalformedOneIsReportedByKey() {
    AccountReader.Result result = read(Map.of("api-url", "ftp://proxy.example"));
    assertTrue(result.account().isEmpty(), "an account with a malformed api-url is not served");
    assertEquals("bridge.account.wxtokenreader0001.api-url", result.problems().get(0).key());
  }

  private static AccountReader.Result read(Map<String, String> extra) {
    Map<String, String> config = new HashMap<>();
    config.put("bridge.account.wxtokenreader0001.token", "t");
    config.put("bridge.account.wxtokenreader0001.udesk-url", "https://udesk.example/weixin/x");
    extra.forEach((key, value) -> config.put("bridge.account.wxtokenreader0001." + key, value));
    return new AccountReader(key -> Optional.ofNullable(config.get(key))).read(APP);
  }
}
