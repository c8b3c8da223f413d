package io.wxbridge.text.entity;

/**
 * Someone else's text (a caller's field name, an upstream's message) as the bridge's error messages
 * show it: cut to a length, so a megabyte is not echoed back whole, and each control character or
 * Unicode line separator shown as '?', so it cannot start a line of its own wherever the message is
 * printed.
 */
public final class ShownText {
  /** A name the caller gave (a form field's, a msgtype) is shown to this many characters. */
  static final int NAME_CHARS = 40;

  private ShownText() {}

  /** A name the caller gave, as shown: at most {@value #NAME_CHARS} characters. */
  public static String name(String text) {
    return of(text, NAME_CHARS);
  }

  /**
   * @return {@code text} (empty for null), at most {@code maxChars} characters and "…"
   */
  public static String of(String text, int maxChars) {
    if (text == null) {
      return "";
    }
    int end = text.length() <= maxChars ? text.length() : maxChars;
    if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // not half a character
    }
    String cut = end < text.length() ? text.substring(0, end) + "…" : text;
    StringBuilder shown = null;
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        if (shown == null) {
          shown = new StringBuilder(cut);
        }
        shown.setCharAt(i, '?');
      }
    }
    return shown == null ? cut : shown.toString();
  }
}
