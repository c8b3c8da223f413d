package io.wxbridge.push.control;

import io.wxbridge.push.entity.EncryptedReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the encrypted-reply envelope. The bridge reads WeChat XML with the {@link
 * HardenedXmlParser} only; JAXB never sees outside bytes.
 */
@ApplicationScoped
public class WeChatXml {
  private final JAXBContext context = context(EncryptedReply.class);

  // Creating a marshaller per reply costs more than the writing itself: reuse them, one thread at
  // a time
  private final Reusables<Marshaller> replyWriters = new Reusables<>(this::replyWriter);

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

  private Marshaller replyWriter() {
    try {
      Marshaller marshaller = context.createMarshaller();
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
