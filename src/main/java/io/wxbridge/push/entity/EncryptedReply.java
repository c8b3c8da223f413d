package io.wxbridge.push.entity;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * WeChat's envelope for an encrypted passive reply (compatible and safe mode). JAXB writes it, so
 * every value is escaped properly; the CDATA sections of WeChat's examples are not needed for that.
 */
@XmlRootElement(name = "xml")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"encrypt", "msgSignature", "timeStamp", "nonce"})
public class EncryptedReply {
  @XmlElement(name = "Encrypt")
  private String encrypt;

  @XmlElement(name = "MsgSignature")
  private String msgSignature;

  @XmlElement(name = "TimeStamp")
  private String timeStamp;

  @XmlElement(name = "Nonce")
  private String nonce;

  public EncryptedReply() {}

  public EncryptedReply(String encrypt, String msgSignature, String timeStamp, String nonce) {
    this.encrypt = encrypt;
    this.msgSignature = msgSignature;
    this.timeStamp = timeStamp;
    this.nonce = nonce;
  }

  public String encrypt() {
    return encrypt;
  }

  public String msgSignature() {
    return msgSignature;
  }

  public String timeStamp() {
    return timeStamp;
  }

  public String nonce() {
    return nonce;
  }
}
