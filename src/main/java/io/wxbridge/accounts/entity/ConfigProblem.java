package io.wxbridge.accounts.entity;

/** A configuration key that is missing or wrong, said without its value (it may be a secret). */
public record ConfigProblem(String key, String problem) {
  @Override
  public String toString() {
    return key + ": " + problem;
  }
}
