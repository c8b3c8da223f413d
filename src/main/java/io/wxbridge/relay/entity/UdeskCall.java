package io.wxbridge.relay.entity;

import java.util.Map;
import java.util.Optional;

/**
 * One call on the simulated domain, recognised from its method, path and query.
 *
 * @param parameters the query parameters that matter to WeChat (type, media_id, openid, lang),
 *     decoded; appid and the placeholder access_token are not among them
 */
public record UdeskCall(
    AccountName account, UdeskOperation operation, Map<String, String> parameters) {
  public UdeskCall {
    parameters = Map.copyOf(parameters);
  }

  /** The same call, asking for {@code other}. */
  public UdeskCall asking(UdeskOperation other) {
    return new UdeskCall(account, other, parameters);
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }
}
