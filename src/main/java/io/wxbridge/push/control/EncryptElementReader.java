package io.wxbridge.push.control;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finds the Encrypt element of an encrypted push (compatible and safe mode) before anything is
 * authenticated, with the one hardened pass every outside XML gets ({@link HardenedXmlParser}: no
 * DOCTYPE, bounded depth and elements), so the work a stranger can cause stays small. The body is
 * already capped by bridge.push.max-body-bytes. msg_signature is checked over what this returns;
 * only then is the message decrypted and read.
 */
@ApplicationScoped
public class EncryptElementReader {
  /** Stateless: the reading is FlatXml's. */
  private final HardenedXmlParser parser = new HardenedXmlParser();

  /**
   * @return the root's Encrypt child's text (stripped), or "" when the root has none (or it is not
   *     text only)
   * @throws PushRejectedException 400 for XML that is not well-formed, too deep or has a DOCTYPE
   */
  public String encrypt(byte[] body) {
    String found = parser.parsePush(body).get("Encrypt"); // compatible mode: the text is there too
    return found == null ? "" : found;
  }
}
