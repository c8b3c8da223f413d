package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bearer key of the video-recall endpoint. */
class ApiKeyVerifierTest {
  private static final String KEY = "k3y-for-video-recall";

  private static ApiKeyVerifier verifier(Map<String, String> config) {
    VideoRecallSettings settings = new VideoRecallSettings();
    settings.load(key -> Optional.ofNullable(config.get(key)));
    ApiKeyVerifier verifier = new ApiKeyVerifier();
    verifier.settings = settings;
    return verifier;
  }

  @Test
  void theConfiguredKeyAsBearerIsAccepted() {
    ApiKeyVerifier verifier = verifier(Map.of(VideoRecallSettings.API_KEY, KEY));
    assertDoesNotThrow(() -> verifier.verify(List.of("Bearer " + KEY)));
    assertDoesNotThrow(() -> verifier.verify(List.of("bearer  " + KEY + " ")));
  }

  @Test
  void missingMalformedAndWrongKeysAre401WithoutEchoingTheKey() {
    ApiKeyVerifier verifier = verifier(Map.of(VideoRecallSettings.API_KEY, KEY));
    for (String header :
        new String[] {
          null,
          "",
          "Bearer",
          "Bearer ",
          KEY,
          "Basic " + KEY,
          "Bearer " + KEY + "x",
          "Bearer " + KEY.substring(1),
          "Bearer " + KEY.toUpperCase()
        }) {
      VideoRecallException refused =
          assertThrows(
              VideoRecallException.class,
              () -> verifier.verify(header == null ? List.of() : List.of(header)),
              String.valueOf(header));
      assertEquals(401, refused.status(), header);
      assertEquals(40001, refused.errcode(), header);
      assertFalse(
          refused.getMessage().contains(KEY),
          "the refusal never quotes the key: " + refused.getMessage());
    }
  }

  @Test
  void twoAuthorizationHeadersAreRefusedWhicheverComesFirst() {
    ApiKeyVerifier verifier = verifier(Map.of(VideoRecallSettings.API_KEY, KEY));
    for (List<String> headers :
        List.of(List.of("Bearer " + KEY, "Bearer x"), List.of("Bearer x", "Bearer " + KEY))) {
      assertEquals(
          401, assertThrows(VideoRecallException.class, () -> verifier.verify(headers)).status());
    }
  }

  @Test
  void withoutAConfiguredKeyEverythingIsRefusedNeverLetThrough() {
    ApiKeyVerifier verifier = verifier(Map.of(VideoRecallSettings.API_KEY, "  "));
    for (String header : new String[] {null, "", "Bearer ", "Bearer anything"}) {
      VideoRecallException refused =
          assertThrows(
              VideoRecallException.class,
              () -> verifier.verify(header == null ? List.of() : List.of(header)));
      assertEquals(503, refused.status());
      assertEquals(48001, refused.errcode());
    }
    VideoRecallException closed = assertThrows(VideoRecallException.class, verifier::requireOpen);
    assertEquals(503, closed.status(), "closed to seed-signed callers too");
  }
}
