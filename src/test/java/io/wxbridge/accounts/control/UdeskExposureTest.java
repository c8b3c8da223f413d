package io.wxbridge.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.testing.TestAccounts;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UdeskExposureTest {
  private static final String APP = "wxrelay0000000001";

  private static Account account(Optional<String> udeskPath) {
    return TestAccounts.withUdeskPath(APP, udeskPath);
  }

  private static UdeskExposure with(Map<String, String> config) {
    return new UdeskExposure(key -> Optional.ofNullable(config.get(key)));
  }

  @Test
  void anAccountWithoutProtectionIsRefusedAndTheWarningNamesTheKeys() {
    UdeskExposure exposure = with(Map.of(UdeskExposure.ALLOWED_IPS, "  "));
    assertFalse(
        exposure.isProtected(account(Optional.empty())),
        "no udesk-path and a blank allow list: not protected");
    String warning = exposure.warning(account(Optional.empty())).orElseThrow();
    assertTrue(
        warning.contains("refuses every call"),
        "the warning says every call is refused: " + warning);
    assertTrue(
        warning.contains("bridge.account." + APP + ".udesk-path"),
        "the warning names the account's udesk-path key: " + warning);
    assertTrue(
        warning.contains("bridge.udesk.allowed-ips"),
        "the warning names the shared allow list key: " + warning);
    assertTrue(
        UdeskExposure.refusal(new AppId(APP)).contains("bridge.account." + APP + ".udesk-path"),
        "the refusal names the account's udesk-path key: " + UdeskExposure.refusal(new AppId(APP)));
  }

  @Test
  void anUdeskPathOrAnAllowListProtectIt() {
    assertTrue(
        with(Map.of(UdeskExposure.ALLOWED_IPS, "10.0.0.0/8"))
            .isProtected(account(Optional.empty())),
        "the shared bridge.udesk.allowed-ips protects it");
    assertTrue(
        with(Map.of("bridge.account." + APP + ".udesk-allowed-ips", "10.0.0.0/8"))
            .isProtected(account(Optional.empty())),
        "the account's own udesk-allowed-ips protects it");
    assertTrue(
        with(Map.of()).isProtected(account(Optional.of("s3cr3t-path-0123456789"))),
        "a udesk-path protects it");
    assertEquals(
        Optional.empty(), with(Map.of()).warning(account(Optional.of("s3cr3t-path-0123456789"))));
  }

  @Test
  void aListOfSeparatorsAloneProtectsNothing() {
    // the allow-lists read such a value as no list at all: counting it as protection let anyone in
    assertFalse(
        with(Map.of(UdeskExposure.ALLOWED_IPS, " , ,")).isProtected(account(Optional.empty())),
        "a shared list of commas and blanks is not an allow-list");
    assertFalse(
        with(Map.of("bridge.account." + APP + ".udesk-allowed-ips", ","))
            .isProtected(account(Optional.empty())),
        "nor is an account's own");
    assertTrue(
        with(Map.of("bridge.account." + APP + ".udesk-allowed-ips", ", not-a-network"))
            .isProtected(account(Optional.empty())),
        "a malformed entry counts: the face then refuses every call with 503");
    assertTrue(
        with(Map.of(UdeskExposure.ALLOWED_IPS, "\u3000")).isProtected(account(Optional.empty())),
        "an ideographic space is no separator of the lists: an entry, malformed (503), as there");
  }

  @Test
  void theOptOutIsExplicitAndWarned() {
    assertFalse(
        with(Map.of()).unprotectedAllowed(), "unprotected faces are not allowed by default");
    assertFalse(
        with(Map.of(UdeskExposure.ALLOW_UNPROTECTED, "yes")).unprotectedAllowed(),
        "only true opts out, not yes");
    UdeskExposure optedOut = with(Map.of(UdeskExposure.ALLOW_UNPROTECTED, " TRUE "));
    assertTrue(
        optedOut.unprotectedAllowed(), "\" TRUE \" opts out: case and padding do not matter");
    assertTrue(
        optedOut.warning(account(Optional.empty())).orElseThrow().contains("answers ANY caller"),
        "the opt-out is warned: " + optedOut.warning(account(Optional.empty())).orElseThrow());
  }
}
