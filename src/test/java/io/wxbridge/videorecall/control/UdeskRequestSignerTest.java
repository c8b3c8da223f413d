package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.videorecall.entity.UdeskSignature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The token formula of Udesk's video-recall document. The expected values were computed
 * independently with coreutils: printf %s 'appId&amp;secret&amp;nonce&amp;timestamp' | sha256sum.
 */
class UdeskRequestSignerTest {
  private final UdeskRequestSigner signer =
      new UdeskRequestSigner(Clock.fixed(Instant.ofEpochSecond(1607400490), ZoneOffset.UTC));

  @Test
  void tokenIsSha256HexOfTheFourValuesJoinedByAmpersands() {
    assertEquals(
        "44df6a0493b7bc63231261627829f56e2a650f81a5db5691ad56988157357304",
        signer.token(
            "udesk-company-42",
            "s3cr3t-udesk",
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            1607400490));
  }

  @Test
  void tokenHashesUtf8() {
    assertEquals(
        "a10f4008f24837d4cb90653c15bf5f19435ffe3557e862a542d9f6e279770c13",
        signer.token("app", "中文secret", "n", 0));
  }

  @Test
  void signatureUsesTheClockInSecondsAFreshUuidNonceAndNeverCarriesTheSecret() {
    UdeskSignature one = signer.sign("udesk-company-42", "s3cr3t-udesk");
    UdeskSignature two = signer.sign("udesk-company-42", "s3cr3t-udesk");

    assertEquals(1607400490, one.timestamp());
    assertEquals("udesk-company-42", one.appId());
    assertEquals(one.nonce(), UUID.fromString(one.nonce()).toString(), "the nonce is a UUID");
    assertNotEquals(one.nonce(), two.nonce(), "every request gets its own nonce");
    assertEquals(
        signer.token("udesk-company-42", "s3cr3t-udesk", one.nonce(), 1607400490), one.token());
    assertTrue(one.token().matches("[0-9a-f]{64}"), "lowercase hex");
    assertTrue(!one.toString().contains("s3cr3t"), "the secret is not part of a signature");
  }
}
