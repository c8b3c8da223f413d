package io.wxbridge.accounts.entity;

import java.util.regex.Pattern;

/**
 * An Official Account's AppID: only the letters and digits WeChat uses in one (e.g. wx + 16 hex).
 */
public record AppId(String value) {
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9]{1,64}");

  public AppId {
    if (value == null || !SHAPE.matcher(value).matches()) {
      throw new IllegalArgumentException("an AppID is 1 to 64 letters and digits");
    }
  }

  public static boolean isValid(String value) {
    return value != null && SHAPE.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
