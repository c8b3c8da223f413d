package io.wxbridge.videorecall.control;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a seed-signed request's appId, nonce, timestap and token are found: the header of that
 * name, else the query parameter. Seed 002 puts the token in a header ("header ("token: token")")
 * and does not say where the other three go; the token covers them wherever they come from, and a
 * header given beside a query parameter of the same name is the one checked and used up.
 */
public final class SignatureValues {
  private SignatureValues() {}

  /**
   * @param headers every value of a request header by name (null or empty when absent)
   * @param query the request's decoded query parameters
   */
  public static Function<String, List<String>> of(
      Function<String, List<String>> headers, Map<String, List<String>> query) {
    return name -> {
      List<String> inHeaders = headers.apply(name);
      return inHeaders != null && !inHeaders.isEmpty() ? inHeaders : query.get(name);
    };
  }
}
