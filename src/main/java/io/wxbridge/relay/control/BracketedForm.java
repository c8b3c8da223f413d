package io.wxbridge.relay.control;

import static io.wxbridge.SharedJson.JSON;

import io.wxbridge.text.entity.FormFields;
import io.wxbridge.text.entity.ShownText;
import io.wxbridge.text.entity.StrictText;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns Udesk's form-encoded message ({@code touser=…&msgtype=text&text[content]=…}) into the JSON
 * object WeChat's send API takes. Brackets nest: {@code a[b][c]=v} is {"a":{"b":{"c":"v"}}}; {@code
 * a[]=v} appends to an array; {@code a[][k]=v} appends objects, starting a new one when a key
 * repeats (Rack/Rails style, the order of the fields decides); {@code a[0][k]=v} places an object
 * by index (jQuery/PHP style). Every value stays a string, as Udesk sent it, and fields the bridge
 * does not know are kept. Anything ambiguous (a field given twice, a field that is both a value and
 * an object) is refused rather than guessed.
 */
public final class BracketedForm {
  static final int MAX_FIELDS = 1000;
  static final int MAX_DEPTH = 10;
  static final int MAX_INDEX = 999;
  private static final Pattern INDEX = Pattern.compile("\\d{1,9}");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+");

  /**
   * @throws UdeskCallException (400) when the body is not a well-formed bracketed form
   */
  public JsonObject toJson(byte[] body, Charset charset) {
    Fields root = new Fields();
    List<FormFields.Field> fields = fields(text(body, charset), charset);
    if (fields.size() > MAX_FIELDS) {
      throw UdeskCallException.malformed("more than " + MAX_FIELDS + " fields");
    }
    for (FormFields.Field field : fields) {
      List<String> keys = keys(field.name());
      root.put(keys.get(0), insert(root.get(keys.get(0)), keys, 1, field.value(), field.name()));
    }
    return root.toJson().asJsonObject();
  }

  private static Node insert(Node current, List<String> keys, int at, String value, String field) {
    if (at == keys.size()) {
      if (current != null) {
        throw UdeskCallException.malformed(
            "field " + ShownText.name(field) + " is given twice or is also an object");
      }
      return new Text(value);
    }
    String key = keys.get(at);
    if (key.isEmpty()) {
      Items items = items(current, field, false);
      Node last = items.last();
      boolean joinLast =
          last != null
              && !(last instanceof Text)
              && at + 1 < keys.size()
              && !has(last, keys.subList(at + 1, keys.size()));
      if (joinLast) {
        items.replaceLast(insert(last, keys, at + 1, value, field));
      } else {
        items.append(insert(null, keys, at + 1, value, field));
      }
      return items;
    }
    // a negative or huge index is no array's, and no key WeChat's JSON has either (whatever came
    // before it)
    int index = NUMBER.matcher(key).matches() ? index(key, field) : -1;
    if (index >= 0 && (current == null || current instanceof Items)) {
      Items items = items(current, field, true);
      items.put(index, insert(items.get(index), keys, at + 1, value, field));
      return items;
    }
    if (current != null && !(current instanceof Fields)) {
      throw UdeskCallException.malformed(
          "field " + ShownText.name(field) + " mixes a value, a list and an object");
    }
    Fields fields = current == null ? new Fields() : (Fields) current;
    fields.put(key, insert(fields.get(key), keys, at + 1, value, field));
    return fields;
  }

  /** A numeric key as an array index from 0 to MAX_INDEX; any other number is refused. */
  private static int index(String key, String field) {
    int index = INDEX.matcher(key).matches() ? Integer.parseInt(key) : -1;
    if (index < 0 || index > MAX_INDEX) {
      throw UdeskCallException.malformed(
          "array index not from 0 to " + MAX_INDEX + " in " + ShownText.name(field));
    }
    return index;
  }

  private static Items items(Node current, String field, boolean indexed) {
    if (current == null) {
      return new Items(indexed);
    }
    if (current instanceof Items items && items.indexed == indexed) {
      return items;
    }
    throw UdeskCallException.malformed(
        "field " + ShownText.name(field) + " mixes [] and [index] or a value and a list");
  }

  /**
   * Whether the path below an array element is already taken, so the next field starts a new
   * element.
   */
  private static boolean has(Node node, List<String> path) {
    Node at = node;
    for (String key : path) {
      if (key.isEmpty() || at == null) {
        return false;
      }
      at = at.child(key);
    }
    return at != null;
  }

  /**
   * name[key][key]…: read by hand, not by a regular expression, whose repeated group recursed once
   * per subscript and overflowed the stack on a few thousand of them.
   */
  private static List<String> keys(String name) {
    int open = name.indexOf('[');
    int end = open < 0 ? name.length() : open;
    if (end == 0 || name.lastIndexOf(']', end - 1) >= 0) {
      throw notBracketed(name);
    }
    List<String> keys = new ArrayList<>();
    keys.add(name.substring(0, end));
    for (int at = end; at < name.length(); ) {
      int close = name.indexOf(']', at);
      if (name.charAt(at) != '[' || close < 0 || name.lastIndexOf('[', close) != at) {
        throw notBracketed(name);
      }
      if (keys.size() == MAX_DEPTH) {
        throw UdeskCallException.malformed(
            "field " + ShownText.name(name) + " nests deeper than " + MAX_DEPTH);
      }
      keys.add(name.substring(at + 1, close));
      at = close + 1;
    }
    return keys;
  }

  private static UdeskCallException notBracketed(String name) {
    return UdeskCallException.malformed(
        "field name '" + ShownText.name(name) + "' is not name[key]…");
  }

  private static String text(byte[] body, Charset charset) {
    try {
      return StrictText.decode(body, 0, charset).toString();
    } catch (CharacterCodingException notInCharset) {
      throw UdeskCallException.malformed("body is not " + charset.name());
    }
  }

  /** Fields whose percent-encoding is broken, or not text in the charset, are refused. */
  private static List<FormFields.Field> fields(String text, Charset charset) {
    try {
      return FormFields.read(text, charset, MAX_FIELDS);
    } catch (IllegalArgumentException broken) {
      throw UdeskCallException.malformed("malformed percent-encoding");
    } catch (CharacterCodingException notInCharset) {
      throw UdeskCallException.malformed("body is not " + charset.name());
    }
  }

  /** A node of the tree the fields build before it becomes JSON. */
  private interface Node {
    Node child(String key);

    jakarta.json.JsonValue toJson();
  }

  private record Text(String value) implements Node {
    @Override
    public Node child(String key) {
      return null;
    }

    @Override
    public jakarta.json.JsonValue toJson() {
      return JSON.createValue(value);
    }
  }

  private static final class Fields implements Node {
    private final Map<String, Node> fields = new LinkedHashMap<>();

    Node get(String key) {
      return fields.get(key);
    }

    void put(String key, Node node) {
      fields.put(key, node);
    }

    @Override
    public Node child(String key) {
      return fields.get(key);
    }

    @Override
    public jakarta.json.JsonValue toJson() {
      JsonObjectBuilder object = JSON.createObjectBuilder();
      fields.forEach((key, node) -> object.add(key, node.toJson()));
      return object.build();
    }
  }

  /**
   * An array filled by appending ([]) or by index ([0]); indexes are kept in order, gaps closed.
   */
  private static final class Items implements Node {
    private final boolean indexed;
    private final TreeMap<Integer, Node> items = new TreeMap<>();

    Items(boolean indexed) {
      this.indexed = indexed;
    }

    Node get(int index) {
      return items.get(index);
    }

    void put(int index, Node node) {
      items.put(index, node);
    }

    Node last() {
      return items.isEmpty() ? null : items.lastEntry().getValue();
    }

    void replaceLast(Node node) {
      items.put(items.lastKey(), node);
    }

    void append(Node node) {
      items.put(items.isEmpty() ? 0 : items.lastKey() + 1, node);
    }

    @Override
    public Node child(String key) {
      return INDEX.matcher(key).matches() ? items.get(Integer.parseInt(key)) : null;
    }

    @Override
    public jakarta.json.JsonValue toJson() {
      JsonArrayBuilder array = JSON.createArrayBuilder();
      items.values().forEach(node -> array.add(node.toJson()));
      return array.build();
    }
  }
}
