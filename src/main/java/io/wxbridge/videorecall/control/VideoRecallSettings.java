package io.wxbridge.videorecall.control;

import io.wxbridge.accounts.entity.ConfigProblem;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The bridge's own video-recall settings: the bearer key the enterprise's systems present, and
 * the bounds of fetching a QR image. Read once at start; the key is a secret and never shown.
 */
@ApplicationScoped
public class VideoRecallSettings {
  public static final String API_KEY = "bridge.video.api-key";
  static final String IMAGE_MAX_BYTES = "bridge.video.image-max-bytes";
  static final String IMAGE_TIMEOUT = "bridge.video.image-timeout";
  static final String IMAGE_ALLOW_PRIVATE = "bridge.video.image-allow-private-addresses";
  /** WeChat's smaller documented limit for image media (newer pages say 10 MB, older ones 2 MB). */
  static final long DEFAULT_IMAGE_MAX_BYTES = 2L * 1024 * 1024;

  @Inject Config config;

  private Function<String, Optional<String>> source = key -> Optional.empty();

  private Optional<String> apiKey = Optional.empty();
  private long imageMaxBytes = DEFAULT_IMAGE_MAX_BYTES;
  private Duration imageTimeout = Duration.ofSeconds(5);
  private boolean imageAllowPrivateAddresses;
  private List<ConfigProblem> problems = List.of();

  @PostConstruct
  void load() {
    load(key -> config.getOptionalValue(key, String.class));
  }

  /** @param source looks a key up, e.g. MicroProfile Config's getOptionalValue */
  void load(Function<String, Optional<String>> source) {
    this.source = source;
    List<ConfigProblem> found = new ArrayList<>();
    apiKey = value(API_KEY);
    if (apiKey.isEmpty()) {
      found.add(new ConfigProblem(API_KEY,
          "missing: POST /video-recall/<appid>/qrcode refuses every call until it is set"));
    }
    imageMaxBytes = positive(IMAGE_MAX_BYTES, imageMaxBytes, found);
    imageTimeout = Duration.ofMillis(positive(IMAGE_TIMEOUT, imageTimeout.toMillis(), found));
    imageAllowPrivateAddresses = value(IMAGE_ALLOW_PRIVATE).filter("true"::equalsIgnoreCase).isPresent();
    problems = List.copyOf(found);
  }

  private long positive(String key, long fallback, List<ConfigProblem> found) {
    try {
      long value = value(key).map(Long::parseLong).orElse(fallback);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException malformed) {
      // reported below
    }
    found.add(new ConfigProblem(key, "must be a positive whole number"));
    return fallback;
  }

  private Optional<String> value(String key) {
    return source.apply(key).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** The bearer key; empty means the endpoint is closed. */
  Optional<String> apiKey() {
    return apiKey;
  }

  public long imageMaxBytes() {
    return imageMaxBytes;
  }

  public Duration imageTimeout() {
    return imageTimeout;
  }

  /** Whether the QR image may come from a loopback or private address (tests, a closed network). */
  public boolean imageAllowPrivateAddresses() {
    return imageAllowPrivateAddresses;
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  @Override
  public String toString() {
    return "VideoRecallSettings[api-key " + (apiKey.isPresent() ? "set" : "unset") + "]";
  }
}
