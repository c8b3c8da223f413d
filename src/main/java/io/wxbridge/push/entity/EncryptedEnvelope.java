package io.wxbridge.push.entity;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;

/**
 * The body of an encrypted push (compatible and safe mode): the Official Account's id and the
 * Base64 ciphertext. In compatible mode the plaintext fields sit beside them; they are not trusted
 * and not used, since only the ciphertext is covered by msg_signature.
 */
@XmlRootElement(name = "xml")
@XmlAccessorType(XmlAccessType.FIELD)
public class EncryptedEnvelope {
  @XmlElement(name = "ToUserName")
  private String toUserName;

  @XmlElement(name = "Encrypt")
  private String encrypt;

  public String toUserName() {
    return toUserName;
  }

  /** The ciphertext without surrounding whitespace, or "" when the element is missing. */
  public String encrypt() {
    return encrypt == null ? "" : encrypt.trim();
  }
}
