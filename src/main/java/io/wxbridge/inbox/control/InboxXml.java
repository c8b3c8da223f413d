package io.wxbridge.inbox.control;

import io.wxbridge.wechatxml.control.FlatXml;
import io.wxbridge.wechatxml.control.XmlRefusedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * The flat field map of a WeChat message or passive reply ({@link FlatXml}, as the push face reads
 * it): nested elements become "Parent/Child" keys, repeated ones get an index
 * ("Articles/item[2]/Title"). {@link #fields} reads strictly (Udesk's answers), {@link #pushFields}
 * as WeChat writes its pushes.
 */
@ApplicationScoped
public class InboxXml {
  /**
   * The fields in document order, or empty when the bytes are not XML the bridge reads (WeChat's
   * JSON data format, a DOCTYPE).
   */
  public Optional<Map<String, String>> fields(byte[] xml) {
    try {
      return Optional.of(FlatXml.read(xml).fields());
    } catch (XmlRefusedException notXml) {
      return Optional.empty();
    }
  }

  /** {@link #fields} of a push, read as the push face reads it ({@link FlatXml#readPush}). */
  public Optional<Map<String, String>> pushFields(byte[] xml) {
    try {
      return Optional.of(FlatXml.readPush(xml).fields());
    } catch (XmlRefusedException notXml) {
      return Optional.empty();
    }
  }
}
