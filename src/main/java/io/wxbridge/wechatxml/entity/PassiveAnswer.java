package io.wxbridge.wechatxml.entity;

import java.nio.charset.StandardCharsets;

/** What Udesk answers a push with, as WeChat's passive-reply protocol reads it. */
public final class PassiveAnswer {
  private PassiveAnswer() {}

  /**
   * Whether the answer says nothing: empty or whitespace, WeChat's "success" (in any case), or the
   * two characters "" (seed 000 writes Udesk's empty answer as {@code Empty string, ""}, and a
   * framework answering JSON writes an empty string so).
   */
  public static boolean saysNothing(byte[] answer) {
    String text = new String(answer, StandardCharsets.UTF_8).strip();
    return text.isEmpty() || text.equals("\"\"") || text.equalsIgnoreCase("success");
  }
}
