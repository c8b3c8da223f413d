package io.wxbridge.accounts.entity;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** What every configured upstream URL must be: absolute, http or https, with a host. */
public final class HttpUrl {
  private HttpUrl() {}

  /** The URL, or empty when {@code raw} is not an absolute http(s) URL with a host. */
  public static Optional<URI> parse(String raw) {
    try {
      URI uri = URI.create(raw);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean web = scheme.equals("http") || scheme.equals("https");
      return web && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }
}
