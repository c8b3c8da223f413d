package io.wxbridge.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.accounts.entity.TokenMode;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UdeskExposureTest {

  private static Account account(Optional<String> udeskPath) {
    return new Account(new AppId("wxrelay0000000001"), "token", List.of(), false, URI.create("https://udesk.example/weixin/x"),
        Optional.of("secret"), TokenMode.STABLE, Optional.empty(), udeskPath, Optional.empty(), "wxrelay0000000001");
  }

  @Test
  void anAccountAtItsAppIdWithoutAllowListIsOpenToEveryone() {
    String warning = new UdeskExposure(Optional.empty()).warning(account(Optional.empty())).orElseThrow();
    assertTrue(warning.contains("/udesk/wxrelay0000000001"), "the warning names the open path: " + warning);
    assertTrue(warning.contains("bridge.account.wxrelay0000000001.udesk-path"), "the warning names the udesk-path key: " + warning);
    assertTrue(warning.contains("bridge.udesk.allowed-ips"), "the warning names bridge.udesk.allowed-ips: " + warning);
    assertTrue(new UdeskExposure(Optional.of("  ")).warning(account(Optional.empty())).isPresent(), "a blank bridge.udesk.allowed-ips counts as unset, so the warning stays");
  }

  @Test
  void anAllowListOrAnUdeskPathCloseIt() {
    assertEquals(Optional.empty(), new UdeskExposure(Optional.of("10.0.0.0/8")).warning(account(Optional.empty())));
    assertEquals(Optional.empty(), new UdeskExposure(Optional.empty()).warning(account(Optional.of("s3cr3t-path-0123456789"))));
  }

  @Test
  void theWarningNeverShowsTheUdeskPath() {
    assertEquals(Optional.empty(), new UdeskExposure(Optional.empty()).warning(account(Optional.of("s3cr3t-path-0123456789"))));
  }
}
