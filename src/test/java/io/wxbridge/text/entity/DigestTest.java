package io.wxbridge.text.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DigestTest {

  @Test
  void hashesAsTheStandardsPublishedVectors() {
    // FIPS 180-2, appendix A.1 and B.1: "abc"
    assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", Digest.SHA_1.hex("abc"));
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Digest.SHA_256.hex("abc"));
  }

  @Test
  void eachStartIsADigestOfItsOwn() {
    MessageDigest first = Digest.SHA_256.start();
    first.update("a".getBytes(StandardCharsets.UTF_8));
    MessageDigest second = Digest.SHA_256.start();
    second.update("abc".getBytes(StandardCharsets.UTF_8));
    first.update("bc".getBytes(StandardCharsets.UTF_8));

    assertEquals(Digest.SHA_256.hex("abc"), HexFormat.of().formatHex(first.digest()));
    assertEquals(Digest.SHA_256.hex("abc"), HexFormat.of().formatHex(second.digest()));
    assertEquals(
        Digest.SHA_256.hex("abc"), Digest.SHA_256.hex("abc".getBytes(StandardCharsets.UTF_8)));
  }
}
