package io.wxbridge.push.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Finds the Encrypt element of an encrypted push (compatible and safe mode) before anything is
 * authenticated, so the work a stranger can cause stays small: one streaming pass, no recursion, at
 * most {@value #MAX_DEPTH} levels of nesting (WeChat's envelope has two; the plaintext fields of
 * compatible mode a few more), and no DOCTYPE. The body is already capped by
 * bridge.push.max-body-bytes. msg_signature is checked over what this returns; only then is
 * anything parsed for real.
 */
@ApplicationScoped
public class EncryptElementReader {
  static final int MAX_DEPTH = 16;

  /** Thread-safe once configured: created once for every scan. */
  private static final XMLInputFactory FACTORY = hardenedFactory();

  /**
   * @return the Encrypt element's text (trimmed), or "" when the root has no Encrypt child
   * @throws PushRejectedException 400 for XML that is not well-formed, too deep or has a DOCTYPE
   */
  public String encrypt(byte[] body) {
    return scan(body);
  }

  private static String scan(byte[] body) {
    XMLStreamReader xml = null;
    try {
      xml = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
      int depth = 0;
      String found = null;
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.DTD) {
          throw PushRejectedException.malformed("a WeChat push has no DOCTYPE");
        }
        if (event == XMLStreamConstants.START_ELEMENT) {
          depth++;
          if (depth > MAX_DEPTH) {
            throw PushRejectedException.malformed(
                "the XML is nested deeper than " + MAX_DEPTH + " levels");
          }
          if (depth == 2 && found == null && "Encrypt".equals(xml.getLocalName())) {
            found = xml.getElementText().trim(); // reads to the end tag; text only, or it throws
            depth--;
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          depth--;
        }
      }
      return found == null ? "" : found;
    } catch (XMLStreamException | RuntimeException unreadable) {
      if (unreadable instanceof PushRejectedException rejected) {
        throw rejected;
      }
      throw PushRejectedException.malformed("not well-formed XML");
    } finally {
      close(xml);
    }
  }

  private static void close(XMLStreamReader xml) {
    if (xml != null) {
      try {
        xml.close();
      } catch (XMLStreamException ignored) {
        // nothing was held open beyond the byte array
      }
    }
  }

  /**
   * The JDK's own StAX parser (newDefaultFactory), created once: no DTD, no entities, no coalescing
   * surprises.
   */
  private static XMLInputFactory hardenedFactory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
    return factory;
  }
}
