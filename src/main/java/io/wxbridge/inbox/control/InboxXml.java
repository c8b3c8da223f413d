package io.wxbridge.inbox.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads the flat field map of a WeChat message or passive reply that the push face already checked
 * (signature, hardened parse). Parsed again here with DOCTYPEs refused, so the inbox does not
 * depend on the push face's parser: nested elements become "Parent/Child" keys, repeated ones get
 * an index ("Articles/item[2]/Title").
 */
@ApplicationScoped
public class InboxXml {
  private static final DocumentBuilderFactory FACTORY = factory();

  /**
   * The fields in document order, or empty when the bytes are not XML (WeChat's JSON data format).
   */
  public Optional<Map<String, String>> fields(byte[] xml) {
    try {
      DocumentBuilder builder = FACTORY.newDocumentBuilder();
      builder.setErrorHandler(null);
      Element root = builder.parse(new ByteArrayInputStream(xml)).getDocumentElement();
      Map<String, String> fields = new LinkedHashMap<>();
      collect(root, "", fields);
      return Optional.of(fields);
    } catch (SAXException | IOException | ParserConfigurationException notXml) {
      return Optional.empty();
    }
  }

  private static void collect(Element element, String prefix, Map<String, String> fields) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    boolean leaf = true;
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element childElement) {
        leaf = false;
        String name = childElement.getTagName();
        int index = seen.merge(name, 1, Integer::sum);
        String key = prefix + name + (index > 1 ? "[" + index + "]" : "");
        collect(childElement, key + "/", fields);
      }
    }
    if (leaf && !prefix.isEmpty()) {
      fields.put(prefix.substring(0, prefix.length() - 1), element.getTextContent().strip());
    }
  }

  private static DocumentBuilderFactory factory() {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
    try {
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's parser refuses DOCTYPEs", e);
    }
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    factory.setCoalescing(true);
    return factory;
  }
}
