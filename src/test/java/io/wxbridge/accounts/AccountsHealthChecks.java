package io.wxbridge.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.TestBridge;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The accounts the bridge serves, as its log and health endpoint report them (run by BridgeIT). */
public abstract class AccountsHealthChecks {

  @Test
  void healthListsTheServedAccountAndNamesTheBrokenKeys() throws Exception {
    HttpResponse<String> health = TestBridge.http().send(
        HttpRequest.newBuilder(TestBridge.managementUrl("/health/ready")).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(200, health.statusCode(), health.body());
    assertTrue(health.body().contains("wx00000000000000a1"), health.body());
    assertTrue(health.body().contains("bridge.account.wxbroken0000000001.token"), health.body());
    assertTrue(health.body().contains("bridge.account.wxbroken0000000001.encoding-aes-key"), health.body());
    assertTrue(health.body().contains("bridge.account.wxbroken0000000001.udesk-url"), health.body());
  }

  @Test
  void startupLogNamesTheBrokenKeysWithoutTheirValues() {
    String log = TestBridge.serverLog();
    assertTrue(log.contains("bridge.account.wxbroken0000000001.encoding-aes-key"), "log names the broken key");
    assertFalse(log.contains("tooshort"), "log never shows a configured value");
  }
}
