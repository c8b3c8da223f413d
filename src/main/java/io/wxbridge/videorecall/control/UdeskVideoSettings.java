package io.wxbridge.videorecall.control;

import io.wxbridge.accounts.entity.ConfigProblem;
import io.wxbridge.accounts.entity.HttpUrl;
import io.wxbridge.videorecall.entity.UdeskVideoHeaders;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The company-wide settings of Udesk's video API (bridge.video.*), read once at start. Missing or
 * malformed keys are collected as problems, named without their values (the secret is one of them),
 * so the start-up log and the callers are told exactly what to set. Defaults (header names,
 * timeouts, parameters-in-query) live in META-INF/microprofile-config.properties only; a key
 * emptied there is reported as missing, not replaced by a second default written here.
 */
@ApplicationScoped
public class UdeskVideoSettings {
  public static final String QRCODE_URL = "bridge.video.qrcode-url";
  public static final String APP_ID = "bridge.video.udesk-app-id";
  public static final String SECRET = "bridge.video.udesk-secret";
  static final String HEADER = "bridge.video.header.";
  static final String CONNECT_TIMEOUT = "bridge.video.connect-timeout";
  static final String READ_TIMEOUT = "bridge.video.read-timeout";
  static final String PARAMETERS_IN_QUERY = "bridge.video.parameters-in-query";

  @Inject Config config;

  private Function<String, Optional<String>> source = key -> Optional.empty();

  private Optional<URI> qrcodeUrl = Optional.empty();
  private Optional<String> appId = Optional.empty();
  private Optional<String> secret = Optional.empty();
  private UdeskVideoHeaders headers;
  private Duration connectTimeout;
  private Duration readTimeout;
  private boolean parametersInQuery;
  private List<ConfigProblem> problems = List.of();

  @PostConstruct
  void load() {
    load(key -> config.getOptionalValue(key, String.class));
  }

  /**
   * @param source looks a key up, e.g. MicroProfile Config's getOptionalValue
   */
  void load(Function<String, Optional<String>> source) {
    this.source = source;
    List<ConfigProblem> found = new ArrayList<>();
    qrcodeUrl = httpUrl(found);
    appId = value(APP_ID);
    if (appId.isEmpty()) {
      found.add(new ConfigProblem(APP_ID, "missing: the company's appId from the Udesk admin"));
    }
    secret = value(SECRET);
    if (secret.isEmpty()) {
      found.add(new ConfigProblem(SECRET, "missing: the signing secret from the Udesk admin"));
    }
    headers =
        new UdeskVideoHeaders(
            required(HEADER + "app-id", found),
            required(HEADER + "nonce", found),
            required(HEADER + "timestamp", found),
            required(HEADER + "token", found));
    connectTimeout = millis(CONNECT_TIMEOUT, found);
    readTimeout = millis(READ_TIMEOUT, found);
    parametersInQuery = !"false".equalsIgnoreCase(required(PARAMETERS_IN_QUERY, found));
    problems = List.copyOf(found);
  }

  private Optional<URI> httpUrl(List<ConfigProblem> found) {
    Optional<String> raw = value(QRCODE_URL);
    if (raw.isEmpty()) {
      found.add(
          new ConfigProblem(QRCODE_URL, "missing: the URL of Udesk's mini-program QR-code API"));
      return Optional.empty();
    }
    Optional<URI> url = HttpUrl.parse(raw.get());
    if (url.isPresent()) {
      return url;
    }
    found.add(new ConfigProblem(QRCODE_URL, "must be an absolute http:// or https:// URL"));
    return Optional.empty();
  }

  private Duration millis(String key, List<ConfigProblem> found) {
    String raw = required(key, found);
    if (raw == null) {
      return null;
    }
    try {
      long millis = Long.parseLong(raw);
      if (millis > 0) {
        return Duration.ofMillis(millis);
      }
    } catch (NumberFormatException malformed) {
      // reported below
    }
    found.add(new ConfigProblem(key, "must be a positive number of milliseconds"));
    return null;
  }

  /**
   * A key that has its default in microprofile-config.properties: null (and a problem) if emptied.
   */
  private String required(String key, List<ConfigProblem> found) {
    Optional<String> raw = value(key);
    if (raw.isEmpty()) {
      found.add(
          new ConfigProblem(
              key, "missing: its default is in microprofile-config.properties; do not empty it"));
    }
    return raw.orElse(null);
  }

  private Optional<String> value(String key) {
    return source.apply(key).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** What keeps the video API from being called; empty when it can be. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  public boolean complete() {
    return problems.isEmpty();
  }

  /**
   * @throws VideoRecallException 503 naming the missing or wrong keys
   */
  public void requireComplete() {
    if (!complete()) {
      throw VideoRecallException.notConfigured(problems);
    }
  }

  public URI qrcodeUrl() {
    requireComplete();
    return qrcodeUrl.orElseThrow();
  }

  public String appId() {
    requireComplete();
    return appId.orElseThrow();
  }

  /** The signing secret: goes into the token hash, nowhere else. */
  String secret() {
    requireComplete();
    return secret.orElseThrow();
  }

  public UdeskVideoHeaders headers() {
    requireComplete();
    return headers;
  }

  /**
   * The name of the seed's token header, known even while other settings are missing: a caller
   * without it is told about its credentials, not about the bridge's configuration.
   */
  String tokenHeader() {
    return headers.token();
  }

  public Duration connectTimeout() {
    requireComplete();
    return connectTimeout;
  }

  public Duration readTimeout() {
    requireComplete();
    return readTimeout;
  }

  public boolean parametersInQuery() {
    requireComplete();
    return parametersInQuery;
  }

  @Override
  public String toString() {
    return "UdeskVideoSettings["
        + QRCODE_URL
        + "="
        + qrcodeUrl.map(URI::toString).orElse("(unset)")
        + "]";
  }
}
