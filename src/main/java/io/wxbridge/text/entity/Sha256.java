package io.wxbridge.text.entity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in hex, as the push's keys and the inbox's identities and replay records hold it. Each
 * hash uses a copy of one digest rather than MessageDigest.getInstance, which searches the security
 * providers on every call (a plaintext push is hashed three times or more).
 */
public final class Sha256 {
  private static final MessageDigest PROTOTYPE = newDigest();

  private Sha256() {}

  public static String hex(byte[] bytes) {
    MessageDigest digest;
    try {
      digest = (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException notCloneable) {
      digest = newDigest();
    }
    return HexFormat.of().formatHex(digest.digest(bytes));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException missing) {
      throw new IllegalStateException("every Java runtime has SHA-256", missing);
    }
  }
}
