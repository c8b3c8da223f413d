package io.wxbridge.push.control;

import io.wxbridge.push.entity.EncryptedReply;
import io.wxbridge.push.entity.InboundMessage;
import io.wxbridge.push.entity.PassiveReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.w3c.dom.Document;

/**
 * Reads the typed parts of WeChat XML from a document the {@link HardenedXmlParser} has already
 * accepted, and writes the encrypted-reply envelope. JAXB never sees raw bytes, so it can never be
 * the parser that resolves an entity.
 */
@ApplicationScoped
public class WeChatXml {
  /**
   * One context per shape: they all share the root element name {@code xml}, which one context
   * cannot map twice.
   */
  private final Map<Class<?>, JAXBContext> contexts =
      Map.of(
          InboundMessage.class, context(InboundMessage.class),
          PassiveReply.class, context(PassiveReply.class),
          EncryptedReply.class, context(EncryptedReply.class));

  // Creating an (un)marshaller per push costs more than the read itself: reuse them, one thread at
  // a time
  private final Map<Class<?>, Reusables<Unmarshaller>> unmarshallers =
      Map.of(
          InboundMessage.class, unmarshallers(InboundMessage.class),
          PassiveReply.class, unmarshallers(PassiveReply.class));
  private final Reusables<Marshaller> replyWriters = new Reusables<>(this::replyWriter);

  /** The document's root element must be {@code xml}, as in every WeChat message. */
  public boolean rootIsXml(Document document) {
    String name = document.getDocumentElement().getLocalName();
    return "xml".equals(name == null ? document.getDocumentElement().getNodeName() : name);
  }

  public <T> T read(Document document, Class<T> shape) {
    return unmarshallers
        .get(shape)
        .with(
            unmarshaller -> {
              try {
                return unmarshaller.unmarshal(document, shape).getValue();
              } catch (JAXBException unreadable) {
                throw PushRejectedException.malformedXml(
                    "the XML does not have the expected shape", unreadable);
              }
            });
  }

  /** The reply envelope as UTF-8 XML without a declaration, as WeChat's examples show it. */
  public byte[] write(EncryptedReply reply) {
    return replyWriters.with(
        marshaller -> {
          try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            marshaller.marshal(reply, out);
            return out.toByteArray();
          } catch (JAXBException impossible) {
            throw new IllegalStateException("JAXB cannot write the reply envelope", impossible);
          }
        });
  }

  private Reusables<Unmarshaller> unmarshallers(Class<?> shape) {
    return new Reusables<>(
        () -> {
          try {
            return contexts.get(shape).createUnmarshaller();
          } catch (JAXBException broken) {
            throw new IllegalStateException("JAXB cannot read " + shape.getSimpleName(), broken);
          }
        });
  }

  private Marshaller replyWriter() {
    try {
      Marshaller marshaller = contexts.get(EncryptedReply.class).createMarshaller();
      marshaller.setProperty(Marshaller.JAXB_ENCODING, StandardCharsets.UTF_8.name());
      marshaller.setProperty(Marshaller.JAXB_FRAGMENT, true);
      return marshaller;
    } catch (JAXBException impossible) {
      throw new IllegalStateException("JAXB cannot write the reply envelope", impossible);
    }
  }

  private static JAXBContext context(Class<?> shape) {
    try {
      return JAXBContext.newInstance(shape);
    } catch (JAXBException broken) {
      throw new IllegalStateException("the WeChat XML classes are not valid JAXB classes", broken);
    }
  }
}
