package io.wxbridge.inbox.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the flat field map of a WeChat message or passive reply that the push face already checked
 * (signature, hardened parse). Read again here in one streaming pass with DOCTYPEs refused, so the
 * inbox does not depend on the push face's parser and a push costs no second DOM: nested elements
 * become "Parent/Child" keys, repeated ones get an index ("Articles/item[2]/Title").
 */
@ApplicationScoped
public class InboxXml {
  /** Thread-safe once configured: created once, a cheap reader per message. */
  private static final XMLInputFactory FACTORY = factory();

  /**
   * The fields in document order, or empty when the bytes are not XML (WeChat's JSON data format).
   */
  public Optional<Map<String, String>> fields(byte[] xml) {
    XMLStreamReader reader = null;
    try {
      reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
      Map<String, String> fields = new LinkedHashMap<>();
      Deque<Open> open = new ArrayDeque<>();
      while (reader.hasNext()) {
        switch (reader.next()) {
          case XMLStreamConstants.DTD -> {
            return Optional.empty();
          }
          case XMLStreamConstants.START_ELEMENT -> open.push(child(open.peek(), reader));
          case XMLStreamConstants.CHARACTERS,
              XMLStreamConstants.CDATA,
              XMLStreamConstants.SPACE -> {
            if (!open.isEmpty()) {
              open.peek().text.append(reader.getText());
            }
          }
          case XMLStreamConstants.END_ELEMENT -> {
            Open element = open.pop();
            if (element.leaf && !open.isEmpty()) {
              fields.put(element.key, element.text.toString().strip());
            }
          }
          default -> {}
        }
      }
      return Optional.of(fields);
    } catch (XMLStreamException | RuntimeException notXml) {
      return Optional.empty();
    } finally {
      close(reader);
    }
  }

  /** An element being read: its key, its text so far, whether it has child elements. */
  private static final class Open {
    final String key;
    final StringBuilder text = new StringBuilder();
    final Map<String, Integer> seen = new HashMap<>();
    boolean leaf = true;

    Open(String key) {
      this.key = key;
    }
  }

  private static Open child(Open parent, XMLStreamReader reader) {
    String name = reader.getLocalName();
    if (parent == null) {
      return new Open(""); // the root: its own text is not a field
    }
    parent.leaf = false;
    int index = parent.seen.merge(name, 1, Integer::sum);
    String key =
        (parent.key.isEmpty() ? "" : parent.key + "/")
            + name
            + (index > 1 ? "[" + index + "]" : "");
    return new Open(key);
  }

  private static void close(XMLStreamReader reader) {
    if (reader != null) {
      try {
        reader.close();
      } catch (XMLStreamException ignored) {
        // nothing was held open beyond the byte array
      }
    }
  }

  /** The JDK's own StAX parser: no DTD, no external entities; text coalesced. */
  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    return factory;
  }
}
