package io.wxbridge.push.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The only XML parser the bridge uses on input from outside (WeChat's pushes, Udesk's answers).
 * WeChat never sends a DOCTYPE, so any DOCTYPE is refused outright; that closes external entities
 * (XXE), entity expansion ("billion laughs") and DTD fetching at once, and the other switches are
 * set as well in case a future change lets one through. The JDK's own parser is used
 * (newDefaultInstance), so a parser elsewhere on the server's class path cannot change this
 * behaviour.
 */
@ApplicationScoped
public class HardenedXmlParser {
  private static final ErrorHandler FAIL_ON_ERRORS =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {
          // a warning is not a reason to refuse the document
        }

        @Override
        public void error(SAXParseException exception) throws SAXException {
          throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
          throw exception;
        }
      };

  private final DocumentBuilderFactory factory = hardenedFactory();
  // Creating a DocumentBuilder builds a whole parser configuration under the factory's lock: reuse
  // them
  private final Reusables<DocumentBuilder> builders = new Reusables<>(this::newBuilder);

  /**
   * @throws PushRejectedException 400 if the bytes are not well-formed XML or declare a DOCTYPE
   */
  public Document parse(byte[] xml) {
    EncryptElementReader.requireShallow(xml);
    return builders.with(
        builder -> {
          try {
            return builder.parse(new InputSource(new ByteArrayInputStream(xml)));
          } catch (SAXException | IOException refused) {
            throw PushRejectedException.malformedXml(
                "not well-formed XML, or XML with a DOCTYPE (refused)", refused);
          } finally {
            builder.reset();
            prepare(builder);
          }
        });
  }

  private synchronized DocumentBuilder newBuilder() {
    try {
      return prepare(factory.newDocumentBuilder());
    } catch (ParserConfigurationException impossible) {
      throw new IllegalStateException("the JDK's XML parser rejected its own features", impossible);
    }
  }

  /** reset() clears the handlers, so they are set again after each use. */
  private static DocumentBuilder prepare(DocumentBuilder builder) {
    builder.setErrorHandler(FAIL_ON_ERRORS);
    builder.setEntityResolver(
        (publicId, systemId) -> {
          throw new SAXException("external entities are refused");
        });
    return builder;
  }

  private static DocumentBuilderFactory hardenedFactory() {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
    try {
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    } catch (ParserConfigurationException impossible) {
      throw new IllegalStateException("the JDK's XML parser lacks a hardening feature", impossible);
    }
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    factory.setNamespaceAware(true);
    return factory;
  }
}
