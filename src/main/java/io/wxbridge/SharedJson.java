package io.wxbridge;

import jakarta.json.spi.JsonProvider;

/**
 * The bridge's one JSON-P provider, looked up once; classes import it statically as {@code JSON}.
 * Each static {@code jakarta.json.Json.create…} call runs a ServiceLoader lookup of the provider (a
 * fifth of a customer-service send's CPU in a profile), so no code of the bridge calls them: it
 * builds and reads JSON through this.
 */
public final class SharedJson {
  public static final JsonProvider JSON = JsonProvider.provider();

  private SharedJson() {}
}
