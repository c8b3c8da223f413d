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
 * The bridge's own video-recall settings: the bearer key the enterprise's systems present, and the
 * bounds of fetching a QR image. Read once at start; the key is a secret and never shown. The
 * bounds' defaults live in META-INF/microprofile-config.properties only; a bound emptied or
 * malformed there is reported at start, and a call that needs it is refused with 503 naming it.
 */
@ApplicationScoped
public class VideoRecallSettings {
  public static final String API_KEY = "bridge.video.api-key";
  static final String IMAGE_MAX_BYTES = "bridge.video.image-max-bytes";
  static final String IMAGE_TIMEOUT = "bridge.video.image-timeout";
  static final String IMAGE_ALLOW_PRIVATE = "bridge.video.image-allow-private-addresses";
  static final String SIGNATURE_WINDOW = "bridge.video.signature-window";
  static final long MAX_SIGNATURE_WINDOW_SECONDS = 86_400;

  @Inject Config config;

  private Function<String, Optional<String>> source = key -> Optional.empty();

  private Optional<String> apiKey = Optional.empty();
  private Optional<Long> imageMaxBytes = Optional.empty();
  private Optional<Duration> imageTimeout = Optional.empty();
  private boolean imageAllowPrivateAddresses;
  private Optional<Long> signatureWindowSeconds = Optional.empty();
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
    apiKey = value(API_KEY);
    if (apiKey.isEmpty()) {
      found.add(
          new ConfigProblem(
              API_KEY,
              "missing: POST /video-recall/<appid>/qrcode refuses every call until it is set"));
    }
    imageMaxBytes = positive(IMAGE_MAX_BYTES, found);
    imageTimeout = positive(IMAGE_TIMEOUT, found).map(Duration::ofMillis);
    imageAllowPrivateAddresses =
        value(IMAGE_ALLOW_PRIVATE).filter("true"::equalsIgnoreCase).isPresent();
    // a day at most: a larger window would only keep replays acceptable for longer (and twice it
    // must stay far from overflowing the accepted requests' expiry)
    signatureWindowSeconds = positive(SIGNATURE_WINDOW, found, MAX_SIGNATURE_WINDOW_SECONDS);
    problems = List.copyOf(found);
  }

  private Optional<Long> positive(String key, List<ConfigProblem> found) {
    return positive(key, found, Long.MAX_VALUE);
  }

  private Optional<Long> positive(String key, List<ConfigProblem> found, long max) {
    Optional<String> raw = value(key);
    if (raw.isEmpty()) {
      found.add(
          new ConfigProblem(
              key, "missing: its default is in microprofile-config.properties; do not empty it"));
      return Optional.empty();
    }
    try {
      long value = Long.parseLong(raw.get());
      if (value > 0 && value <= max) {
        return Optional.of(value);
      }
    } catch (NumberFormatException malformed) {
      // reported below
    }
    found.add(
        new ConfigProblem(
            key,
            max == Long.MAX_VALUE
                ? "must be a positive whole number"
                : "must be a whole number from 1 to " + max));
    return Optional.empty();
  }

  private <T> T required(Optional<T> value, String key) {
    return value.orElseThrow(
        () ->
            VideoRecallException.notConfigured(
                problems.stream().filter(problem -> problem.key().equals(key)).toList()));
  }

  private Optional<String> value(String key) {
    return source.apply(key).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** The bearer key; empty means the endpoint is closed. */
  Optional<String> apiKey() {
    return apiKey;
  }

  /**
   * @throws VideoRecallException 503 if bridge.video.image-max-bytes is missing or malformed
   */
  public long imageMaxBytes() {
    return required(imageMaxBytes, IMAGE_MAX_BYTES);
  }

  /**
   * @throws VideoRecallException 503 if bridge.video.image-timeout is missing or malformed
   */
  public Duration imageTimeout() {
    return required(imageTimeout, IMAGE_TIMEOUT);
  }

  /**
   * @throws VideoRecallException 503 if bridge.video.signature-window is missing or malformed
   */
  long signatureWindowSeconds() {
    return required(signatureWindowSeconds, SIGNATURE_WINDOW);
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
