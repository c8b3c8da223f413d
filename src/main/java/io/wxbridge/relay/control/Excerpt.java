package io.wxbridge.relay.control;

/**
 * A caller's text as an error message or a log line shows it: at most 40 characters, control
 * characters as '?', so a field name of a megabyte is not echoed back whole and cannot start a line
 * of its own in the log.
 */
final class Excerpt {
  static final int MAX_CHARS = 40;

  private Excerpt() {}

  static String of(String text) {
    String shown = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "…" : text;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }
}
