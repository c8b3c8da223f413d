package io.wxbridge.push.control;

import io.wxbridge.wechatxml.control.FlatXml;
import io.wxbridge.wechatxml.control.XmlRefusedException;
import io.wxbridge.wechatxml.entity.XmlFields;
import jakarta.enterprise.context.ApplicationScoped;

/** The push face's reading of XML from outside ({@link FlatXml}): what it refuses is a 400. */
@ApplicationScoped
public class HardenedXmlParser {
  /**
   * @throws PushRejectedException 400 if the bytes are not well-formed XML, are nested too deep, or
   *     declare a DOCTYPE or refer to an entity
   */
  public XmlFields parse(byte[] xml) {
    try {
      return FlatXml.read(xml);
    } catch (XmlRefusedException refused) {
      throw rejected(refused);
    }
  }

  /**
   * A push (its envelope, or the message it carries), read as WeChat writes it ({@link
   * FlatXml#readPush}).
   *
   * @throws PushRejectedException as {@link #parse} does
   */
  public XmlFields parsePush(byte[] xml) {
    try {
      return FlatXml.readPush(xml);
    } catch (XmlRefusedException refused) {
      throw rejected(refused);
    }
  }

  private static PushRejectedException rejected(XmlRefusedException refused) {
    return refused.getCause() == null
        ? PushRejectedException.malformed(refused.getMessage())
        : PushRejectedException.malformedXml(refused.getMessage(), refused.getCause());
  }
}
