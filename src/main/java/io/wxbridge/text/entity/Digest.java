package io.wxbridge.text.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digests the bridge computes: SHA-1 for WeChat's signatures, SHA-256 for the push's keys, the
 * inbox's identities and replay records, Udesk's QR-code token and the comparison of keys. Each use
 * gets a copy of one digest rather than MessageDigest.getInstance, which searches the security
 * providers on every call (a plaintext push is hashed three times or more).
 */
public enum Digest {
  SHA_1("SHA-1"),
  SHA_256("SHA-256");

  private final String algorithm;
  private final MessageDigest prototype;

  Digest(String algorithm) {
    this.algorithm = algorithm;
    this.prototype = newDigest(algorithm);
  }

  /** A digest of its own, to feed in parts. */
  public MessageDigest start() {
    try {
      return (MessageDigest) prototype.clone();
    } catch (CloneNotSupportedException notCloneable) {
      return newDigest(algorithm);
    }
  }

  public byte[] of(byte[] bytes) {
    return start().digest(bytes);
  }

  /** Of the text's UTF-8 bytes. */
  public byte[] of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Lowercase hex. */
  public String hex(byte[] bytes) {
    return HexFormat.of().formatHex(of(bytes));
  }

  /** Of the text's UTF-8 bytes, lowercase hex. */
  public String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException missing) {
      throw new IllegalStateException("every Java runtime has " + algorithm, missing);
    }
  }
}
