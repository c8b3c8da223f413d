package io.wxbridge.videorecall.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Configuration as a deployment without overrides sees it: the given keys over the defaults in
 * META-INF/microprofile-config.properties, the one place defaults are written.
 */
final class EmbeddedConfig {
  private EmbeddedConfig() {}

  static Function<String, Optional<String>> with(Map<String, String> keys) {
    Properties defaults = new Properties();
    try (InputStream in =
        EmbeddedConfig.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
      defaults.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return key ->
        Optional.ofNullable(keys.containsKey(key) ? keys.get(key) : defaults.getProperty(key));
  }
}
