package io.wxbridge.testing;

import java.lang.reflect.Proxy;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * A MicroProfile Config of these properties for unit tests: getOptionalValue and getValue, for
 * String, Long, Integer, Boolean and ChronoUnit values; any other method fails.
 */
public final class MapConfig {
  private MapConfig() {}

  public static Config of(Map<String, String> properties) {
    return (Config)
        Proxy.newProxyInstance(
            Config.class.getClassLoader(),
            new Class<?>[] {Config.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getOptionalValue" ->
                      Optional.ofNullable(properties.get((String) args[0]))
                          .map(value -> convert(value, (Class<?>) args[1]));
                  case "getValue" ->
                      Optional.ofNullable(properties.get((String) args[0]))
                          .map(value -> convert(value, (Class<?>) args[1]))
                          .orElseThrow(() -> new NoSuchElementException((String) args[0]));
                  case "toString" -> "MapConfig" + properties;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private static Object convert(String value, Class<?> type) {
    if (type == String.class) {
      return value;
    }
    if (type == Long.class) {
      return Long.valueOf(value);
    }
    if (type == Integer.class) {
      return Integer.valueOf(value);
    }
    if (type == Boolean.class) {
      return Boolean.valueOf(value);
    }
    if (type == ChronoUnit.class) {
      return ChronoUnit.valueOf(value);
    }
    throw new UnsupportedOperationException("no converter to " + type);
  }
}
