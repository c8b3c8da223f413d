package io.wxbridge.push.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import me.chanjar.weixin.common.util.crypto.SHA1;
import org.junit.jupiter.api.Test;

/** WeChat's signatures against the published values (docs/protocol.md §1, §2). */
class WeChatSignatureTest {
  private final WeChatSignature signature = new WeChatSignature();

  @Test
  void urlCheckOfTheOfficialGuide() {
    assertEquals(
        "f464b24fc39322e44b38aa78f5edd27bd1441696",
        signature.sign("AAAAA", "1714036504", "1514711492"));
    assertTrue(
        signature.matches(
            "f464b24fc39322e44b38aa78f5edd27bd1441696", "AAAAA", "1714036504", "1514711492"),
        "the official example's signature matches");
  }

  @Test
  void plaintextPushOfTheOfficialGuide() {
    assertEquals(
        "899cf89e464efb63f54ddac96b0a0a235f53aa78",
        signature.sign("AAAAA", "1714037059", "486452656"));
  }

  @Test
  void msgSignatureOfVectorV1() {
    assertEquals(
        "82c962d39941aa48552f90ef55aa323dc620cc10",
        signature.sign(
            "pamtest",
            "1409304348",
            "xxxxxx",
            "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=="));
  }

  @Test
  void msgSignaturesOfVectorV3InboundAndReply() {
    assertEquals(
        "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3",
        signature.sign("AAAAA", "1714112445", "415670741", MessageCipherTest.V3_INBOUND));
    assertEquals(
        "1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1",
        signature.sign("AAAAA", "1713424427", "415670741", MessageCipherTest.V3_REPLY));
  }

  @Test
  void agreesWithWxJava() {
    String[] values = {"pushAesTok3nZk81", "1700000000", "8612345", "c29tZSBjaXBoZXJ0ZXh0+/="};
    assertEquals(SHA1.gen(values), signature.sign(values));
  }

  @Test
  void refusesWhatIsNotTheSignature() {
    String good = signature.sign("AAAAA", "1714036504", "1514711492");
    assertFalse(signature.matches(good, "AAAAA", "1714036504", "1514711493"), "other nonce");
    assertFalse(signature.matches(good, "AAAAB", "1714036504", "1514711492"), "other token");
    assertFalse(
        signature.matches(good.substring(1), "AAAAA", "1714036504", "1514711492"), "shorter");
    assertFalse(signature.matches("", "AAAAA", "1714036504", "1514711492"), "empty");
    assertFalse(signature.matches(null, "AAAAA", "1714036504", "1514711492"), "missing");
    assertFalse(signature.matches(good, "AAAAA", null, "1514711492"), "missing timestamp");
  }

  @Test
  void acceptsTheSignatureInUpperCase() {
    String good = signature.sign("AAAAA", "1714036504", "1514711492");
    assertTrue(
        signature.matches(good.toUpperCase(), "AAAAA", "1714036504", "1514711492"),
        "an upper-case hex signature matches too");
  }
}
