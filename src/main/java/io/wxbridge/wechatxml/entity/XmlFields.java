package io.wxbridge.wechatxml.entity;

import java.util.Map;

/**
 * A WeChat message or passive reply as the push face reads it: the root element's name and every
 * leaf element's text (stripped) in document order. Nested elements are "Parent/Child" keys,
 * repeated ones get an index ("Articles/item[2]/Title"); the flat shape the inbox reads too, so
 * both see the same fields. Read once per message instead of DOM plus JAXB: the bridge only ever
 * looks at a few top-level fields.
 *
 * @param root the root element's local name ({@code xml} in every WeChat message)
 * @param fields leaf texts by key, in document order
 */
public record XmlFields(String root, Map<String, String> fields) {
  public boolean rootIsXml() {
    return "xml".equals(root);
  }

  /** The text of the root's first child element with this name, or null when it has none. */
  public String get(String name) {
    return fields.get(name);
  }
}
