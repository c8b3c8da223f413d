package io.wxbridge.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request a fake upstream received, exactly as it arrived, and the client's port (requests with
 * the same one came on the same connection).
 */
public record RecordedRequest(
    String method, URI uri, Map<String, List<String>> headers, byte[] body, int clientPort) {
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public String header(String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(e -> e.getValue().get(0))
        .findFirst()
        .orElse(null);
  }

  public String path() {
    return uri.getRawPath();
  }

  public String query() {
    return uri.getRawQuery();
  }
}
