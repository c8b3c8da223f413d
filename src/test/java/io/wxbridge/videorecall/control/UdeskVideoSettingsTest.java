package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.entity.ConfigProblem;
import io.wxbridge.videorecall.entity.UdeskVideoHeaders;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What an administrator is told when the Udesk video settings are missing or wrong. */
class UdeskVideoSettingsTest {

  private static UdeskVideoSettings settings(Map<String, String> config) {
    UdeskVideoSettings settings = new UdeskVideoSettings();
    settings.load(EmbeddedConfig.with(config));
    return settings;
  }

  @Test
  void nothingSetNamesTheThreeKeysAndTheCallIsRefusedWith503() {
    UdeskVideoSettings settings = settings(Map.of());
    String keys =
        settings.problems().stream().map(ConfigProblem::key).collect(Collectors.joining(","));

    assertEquals(
        "bridge.video.qrcode-url,bridge.video.udesk-app-id,bridge.video.udesk-secret", keys);
    VideoRecallException refused =
        assertThrows(VideoRecallException.class, settings::requireComplete);
    assertEquals(503, refused.status());
    assertTrue(
        refused.getMessage().contains("bridge.video.udesk-secret"),
        "the problem names the missing key: " + refused.getMessage());
  }

  @Test
  void problemsNeverShowValues() {
    UdeskVideoSettings settings =
        settings(
            Map.of(
                "bridge.video.qrcode-url",
                "ftp://secret-host/x",
                "bridge.video.udesk-app-id",
                "a",
                "bridge.video.udesk-secret",
                "TOPSECRET",
                "bridge.video.read-timeout",
                "soon"));

    String told = settings.problems().toString() + settings;
    assertTrue(
        told.contains("bridge.video.qrcode-url") && told.contains("bridge.video.read-timeout"),
        "the problems name both broken keys: " + told);
    assertFalse(
        told.contains("TOPSECRET") || told.contains("secret-host") || told.contains("soon"),
        "the problems quote no configured value: " + told);
  }

  @Test
  void headerNamesDefaultToTheSeedsSpellingAndCanBeChanged() {
    Map<String, String> required =
        Map.of(
            "bridge.video.qrcode-url",
            "https://udesk.example/api/qr",
            "bridge.video.udesk-app-id",
            "company",
            "bridge.video.udesk-secret",
            "s");
    UdeskVideoSettings defaults = settings(required);
    assertEquals(new UdeskVideoHeaders("appId", "nonce", "timestap", "token"), defaults.headers());

    Map<String, String> config = new java.util.HashMap<>(required);
    config.putAll(
        Map.of(
            "bridge.video.header.timestamp",
            "timestamp",
            "bridge.video.header.app-id",
            "X-App-Id"));
    UdeskVideoSettings changed = settings(config);
    assertEquals(
        new UdeskVideoHeaders("X-App-Id", "nonce", "timestamp", "token"), changed.headers());
  }

  @Test
  void anEmptiedDefaultIsReportedNotReplaced() {
    UdeskVideoSettings settings =
        settings(
            Map.of(
                "bridge.video.qrcode-url",
                "https://udesk.example/api/qr",
                "bridge.video.udesk-app-id",
                "company",
                "bridge.video.udesk-secret",
                "s",
                "bridge.video.connect-timeout",
                "",
                "bridge.video.header.nonce",
                " "));
    String keys =
        settings.problems().stream().map(ConfigProblem::key).collect(Collectors.joining(","));

    assertEquals("bridge.video.header.nonce,bridge.video.connect-timeout", keys);
    assertEquals(503, assertThrows(VideoRecallException.class, settings::connectTimeout).status());
  }

  @Test
  void completeSettingsAreUsable() {
    UdeskVideoSettings settings =
        settings(
            Map.of(
                "bridge.video.qrcode-url",
                "https://udesk.example/api/qr",
                "bridge.video.udesk-app-id",
                "company",
                "bridge.video.udesk-secret",
                "s",
                "bridge.video.read-timeout",
                "1500"));
    assertTrue(
        settings.complete(),
        "complete settings have no problems: " + settings.problems().toString());
    assertEquals("udesk.example", settings.qrcodeUrl().getHost());
    assertEquals(1500, settings.readTimeout().toMillis());
    assertEquals(2000, settings.connectTimeout().toMillis(), "the embedded default");
    assertTrue(settings.parametersInQuery(), "parameters-in-query defaults to true");
  }
}
