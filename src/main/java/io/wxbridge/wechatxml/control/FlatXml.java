package io.wxbridge.wechatxml.control;

import io.wxbridge.text.entity.StrictText;
import io.wxbridge.wechatxml.entity.XmlFields;
import java.io.CharArrayReader;
import java.io.Reader;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The only reader of XML from outside (WeChat's pushes, Udesk's answers): one streaming pass that
 * checks the document and reads its fields ({@link XmlFields}). It replaced a depth check, a DOM
 * and JAXB over that DOM, three passes that cost 16 % of a push's CPU in a profile, and a second
 * reader of the same shape in the inbox. WeChat never sends a DOCTYPE or an entity reference, so
 * either is refused outright; that closes external entities (XXE), entity expansion ("billion
 * laughs") and DTD fetching at once, and the factory refuses DTDs and external entities as well in
 * case a change lets one through. No recursion, at most {@value #MAX_DEPTH} levels of nesting and
 * {@value #MAX_ELEMENTS} elements; the input's bytes are already bounded by the caller. The JDK's
 * own parser is used (newDefaultFactory), so a parser elsewhere on the server's class path cannot
 * change this behaviour.
 */
public final class FlatXml {
  /** WeChat's envelope has two levels, a news reply four. */
  public static final int MAX_DEPTH = 16;

  /**
   * At most this many elements: a WeChat message has a few dozen (a news reply with 8 articles
   * about 50), and each becomes a map entry, so a body of empty elements cannot cost more than it
   * weighs.
   */
  public static final int MAX_ELEMENTS = 1_000;

  /**
   * At most this many characters in all the fields' keys together: a key repeats every ancestor's
   * name, so 34 KB of long names 14 levels deep made 28 MB of keys before any signature was
   * checked. A WeChat message's keys come to a few hundred, a long list of results a few tens of
   * thousands.
   */
  public static final int MAX_KEY_CHARS = 131_072;

  /**
   * Factories that reuse their reader (the JDK's own "reuse-instance" option), each used by one
   * thread at a time: a new reader per document built its parser configuration and security manager
   * anew (reading a system property per limit), about half of the reading of a push, 3.5 % of its
   * CPU in a profile. A reader is reused only once closed (the finally below), so one that a
   * refused document left half-read is never handed out again. A pool rather than a ThreadLocal:
   * nothing of the application stays in the server's threads after it is undeployed.
   */
  private static final ConcurrentLinkedQueue<XMLInputFactory> IDLE = new ConcurrentLinkedQueue<>();

  /** The encoding an XML declaration names, if the document starts with one. */
  private static final Pattern DECLARED_ENCODING =
      Pattern.compile("<\\?xml[^?>]*\\sencoding\\s*=\\s*[\"']([^\"']*)[\"']");

  /** The JDK's reader option (com.sun.org.apache.xerces.internal.impl.Constants.REUSE_INSTANCE). */
  static final String REUSE_INSTANCE = "reuse-instance";

  private FlatXml() {}

  /**
   * @throws XmlRefusedException if the bytes are not well-formed XML, are nested too deep, have too
   *     many elements, or declare a DOCTYPE or refer to an entity
   */
  public static XmlFields read(byte[] xml) {
    return read(xml, false);
  }

  /**
   * A push as WeChat writes it: {@link #read}, but the characters XML 1.0 forbids that WeChat puts
   * into a follower's text unescaped ({@link #withoutCharactersXmlForbids}) are read as U+FFFD.
   * Only for pushes: what Udesk answers must be well-formed XML, since WeChat gets it byte for
   * byte.
   *
   * @throws XmlRefusedException as {@link #read} does, but for those characters
   */
  public static XmlFields readPush(byte[] xml) {
    return read(xml, true);
  }

  private static XmlFields read(byte[] xml, boolean forbiddenCharactersRead) {
    XMLInputFactory factory = IDLE.poll();
    if (factory == null) {
      factory = hardenedFactory();
    }
    XMLStreamReader reader = null;
    try {
      reader = factory.createXMLStreamReader(utf8(xml, forbiddenCharactersRead));
      return read(reader);
    } catch (XmlRefusedException refused) {
      throw refused;
    } catch (CharacterCodingException notUtf8) {
      throw new XmlRefusedException("the XML is not UTF-8, WeChat's encoding", notUtf8);
    } catch (XMLStreamException | RuntimeException unreadable) {
      throw new XmlRefusedException(
          "not well-formed XML, or XML with a DOCTYPE (refused)", unreadable);
    } finally {
      close(reader);
      IDLE.offer(factory);
    }
  }

  /**
   * The document's characters, decoded here rather than by the parser: the JDK's parser prints
   * "[Fatal Error] …" to the server's stderr for each malformed byte, past every logger, so a
   * stranger's bytes could write to the console unbounded. Strict UTF-8 (WeChat's encoding, and
   * what the bridge labels what it forwards); a byte-order mark is skipped, as the parser would.
   */
  private static Reader utf8(byte[] xml, boolean forbiddenCharactersRead)
      throws CharacterCodingException {
    CharBuffer chars = StrictText.utf8(xml);
    // the reader would go by the declaration; a reused reader's getCharacterEncodingScheme() keeps
    // that of an earlier document that had one, so the declaration is read here
    Matcher declared = DECLARED_ENCODING.matcher(chars);
    if (declared.lookingAt() && !declared.group(1).replace("-", "").equalsIgnoreCase("UTF8")) {
      throw new XmlRefusedException("the XML declares an encoding other than UTF-8, WeChat's");
    }
    int start = chars.arrayOffset() + chars.position();
    if (forbiddenCharactersRead) {
      withoutCharactersXmlForbids(chars.array(), start, start + chars.remaining());
    }
    return new CharArrayReader(chars.array(), start, chars.remaining());
  }

  /**
   * WeChat puts a follower's text into CDATA as typed, control characters included (U+001D in
   * offu/WeRoBot#420, U+0010 in w7corp/easywechat#1419), which XML 1.0 forbids even there, and the
   * JDK's parser refused the whole document: the push was lost. They are read as U+FFFD, and only
   * for reading: what is forwarded is the bytes as received.
   */
  private static void withoutCharactersXmlForbids(char[] text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text[i];
      boolean forbidden =
          c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c == '\uFFFE' || c == '\uFFFF';
      if (forbidden) {
        text[i] = '\uFFFD';
      }
    }
  }

  private static XmlFields read(XMLStreamReader reader) throws XMLStreamException {
    Map<String, String> fields = new LinkedHashMap<>();
    Deque<Open> open = new ArrayDeque<>();
    String root = null;
    int elements = 0;
    long keyChars = 0;
    while (reader.hasNext()) {
      switch (reader.next()) {
        case XMLStreamConstants.DTD ->
            throw new XmlRefusedException("WeChat XML has no DOCTYPE (refused)");
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw new XmlRefusedException("WeChat XML refers to no entity (refused)");
        case XMLStreamConstants.START_ELEMENT -> {
          if (open.size() == MAX_DEPTH) {
            throw new XmlRefusedException("the XML is nested deeper than " + MAX_DEPTH + " levels");
          }
          if (++elements > MAX_ELEMENTS) {
            throw new XmlRefusedException("the XML has more than " + MAX_ELEMENTS + " elements");
          }
          if (root == null) {
            root = reader.getLocalName();
          }
          Open element = Open.child(open.peek(), reader.getLocalName());
          keyChars += element.key.length();
          if (keyChars > MAX_KEY_CHARS) {
            throw new XmlRefusedException(
                "the XML's element names come to more than " + MAX_KEY_CHARS + " characters");
          }
          open.push(element);
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
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
    return new XmlFields(root, Collections.unmodifiableMap(fields));
  }

  /** An element being read: its key, its text so far, whether it has child elements. */
  private static final class Open {
    final String key;
    final StringBuilder text = new StringBuilder();
    Map<String, Integer> seen;
    boolean leaf = true;

    private Open(String key) {
      this.key = key;
    }

    static Open child(Open parent, String name) {
      if (parent == null) {
        return new Open(""); // the root: its own text is not a field
      }
      parent.leaf = false;
      if (parent.seen == null) {
        parent.seen = new HashMap<>();
      }
      int index = parent.seen.merge(name, 1, Integer::sum);
      String key =
          (parent.key.isEmpty() ? "" : parent.key + "/")
              + name
              + (index > 1 ? "[" + index + "]" : "");
      return new Open(key);
    }
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

  private static XMLInputFactory hardenedFactory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(REUSE_INSTANCE, true);
    return factory;
  }
}
