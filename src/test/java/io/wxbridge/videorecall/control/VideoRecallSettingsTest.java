package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.ConfigProblem;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The QR image bounds: defaults from microprofile-config.properties, never a second default in
 * code.
 */
class VideoRecallSettingsTest {

  private static VideoRecallSettings settings(Map<String, String> config) {
    VideoRecallSettings settings = new VideoRecallSettings();
    settings.load(EmbeddedConfig.with(config));
    return settings;
  }

  @Test
  void theBoundsDefaultToTheEmbeddedValues() {
    VideoRecallSettings settings = settings(Map.of(VideoRecallSettings.API_KEY, "k"));
    assertTrue(settings.problems().isEmpty(), settings.problems().toString());
    assertEquals(2 * 1024 * 1024, settings.imageMaxBytes());
    assertEquals(5000, settings.imageTimeout().toMillis());
    assertEquals(300, settings.signatureWindowSeconds());
  }

  @Test
  void anEmptiedOrMalformedBoundIsReportedAndRefusesTheCall() {
    VideoRecallSettings settings =
        settings(
            Map.of(
                VideoRecallSettings.API_KEY,
                "k",
                "bridge.video.image-timeout",
                "",
                "bridge.video.image-max-bytes",
                "-1",
                "bridge.video.signature-window",
                "5m"));
    String keys =
        settings.problems().stream().map(ConfigProblem::key).collect(Collectors.joining(","));
    assertEquals(
        "bridge.video.image-max-bytes,bridge.video.image-timeout,bridge.video.signature-window",
        keys);
    assertEquals(
        503,
        assertThrows(VideoRecallException.class, settings::signatureWindowSeconds).status(),
        "a seed-signed request is refused as not configured, not with a 500 at every call");
    VideoRecallSettings tooLong =
        settings(
            Map.of(VideoRecallSettings.API_KEY, "k", "bridge.video.signature-window", "86401"));
    assertEquals(
        "bridge.video.signature-window: must be a whole number from 1 to 86400",
        tooLong.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining()));

    VideoRecallException refused = assertThrows(VideoRecallException.class, settings::imageTimeout);
    assertEquals(503, refused.status());
    assertTrue(
        refused.getMessage().contains("bridge.video.image-timeout")
            && !refused.getMessage().contains("image-max-bytes"),
        refused.getMessage());
  }
}
