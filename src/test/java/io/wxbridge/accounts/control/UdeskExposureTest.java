package io.wxbridge.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.accounts.entity.TokenMode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UdeskExposureTest {
  private static final String APP = "wxrelay0000000001";

  private static Account account(Optional<String> udeskPath) {
    return new Account(new AppId(APP), "token", List.of(), false, URI.create("https://udesk.example/weixin/x"),
        Optional.of("secret"), TokenMode.STABLE, Optional.empty(), udeskPath, Optional.empty(), APP);
  }

  private static UdeskExposure with(Map<String, String> config) {
    return new UdeskExposure(key -> Optional.ofNullable(config.get(key)));
  }

  @Test
  void anAccountWithoutProtectionIsRefusedAndTheWarningNamesTheKeys() {
    UdeskExposure exposure = with(Map.of(UdeskExposure.ALLOWED_IPS, "  "));
    assertFalse(exposure.isProtected(account(Optional.empty())));
    String warning = exposure.warning(account(Optional.empty())).orElseThrow();
    assertTrue(warning.contains("refuses every call"), warning);
    assertTrue(warning.contains("bridge.account." + APP + ".udesk-path"), warning);
    assertTrue(warning.contains("bridge.udesk.allowed-ips"), warning);
    assertTrue(UdeskExposure.refusal(new AppId(APP)).contains("bridge.account." + APP + ".udesk-path"));
  }

  @Test
  void anUdeskPathOrAnAllowListProtectIt() {
    assertTrue(with(Map.of(UdeskExposure.ALLOWED_IPS, "10.0.0.0/8")).isProtected(account(Optional.empty())));
    assertTrue(with(Map.of("bridge.account." + APP + ".udesk-allowed-ips", "10.0.0.0/8"))
        .isProtected(account(Optional.empty())));
    assertTrue(with(Map.of()).isProtected(account(Optional.of("s3cr3t-path-0123456789"))));
    assertEquals(Optional.empty(), with(Map.of()).warning(account(Optional.of("s3cr3t-path-0123456789"))));
  }

  @Test
  void theOptOutIsExplicitAndWarned() {
    assertFalse(with(Map.of()).unprotectedAllowed());
    assertFalse(with(Map.of(UdeskExposure.ALLOW_UNPROTECTED, "yes")).unprotectedAllowed());
    UdeskExposure optedOut = with(Map.of(UdeskExposure.ALLOW_UNPROTECTED, " TRUE "));
    assertTrue(optedOut.unprotectedAllowed());
    assertTrue(optedOut.warning(account(Optional.empty())).orElseThrow().contains("answers ANY caller"));
  }
}
