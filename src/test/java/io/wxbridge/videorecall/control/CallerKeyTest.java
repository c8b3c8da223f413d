package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bearer key of the video-recall endpoint. */
class CallerKeyTest {
  private static final String KEY = "k3y-for-video-recall";

  private static CallerKey callerKey(Map<String, String> config) {
    VideoRecallSettings settings = new VideoRecallSettings();
    settings.load(key -> Optional.ofNullable(config.get(key)));
    CallerKey callerKey = new CallerKey();
    callerKey.settings = settings;
    return callerKey;
  }

  @Test
  void theConfiguredKeyAsBearerIsAccepted() {
    CallerKey callerKey = callerKey(Map.of(VideoRecallSettings.API_KEY, KEY));
    assertDoesNotThrow(() -> callerKey.verify("Bearer " + KEY));
    assertDoesNotThrow(() -> callerKey.verify("bearer  " + KEY + " "));
  }

  @Test
  void missingMalformedAndWrongKeysAre401WithoutEchoingTheKey() {
    CallerKey callerKey = callerKey(Map.of(VideoRecallSettings.API_KEY, KEY));
    for (String header : new String[] {null, "", "Bearer", "Bearer ", KEY, "Basic " + KEY, "Bearer " + KEY + "x",
        "Bearer " + KEY.substring(1), "Bearer " + KEY.toUpperCase()}) {
      VideoRecallException refused = assertThrows(VideoRecallException.class, () -> callerKey.verify(header),
          String.valueOf(header));
      assertEquals(401, refused.status(), header);
      assertEquals(40001, refused.errcode(), header);
      assertFalse(refused.getMessage().contains(KEY), refused.getMessage());
    }
  }

  @Test
  void withoutAConfiguredKeyEverythingIsRefusedNeverLetThrough() {
    CallerKey callerKey = callerKey(Map.of(VideoRecallSettings.API_KEY, "  "));
    for (String header : new String[] {null, "", "Bearer ", "Bearer anything"}) {
      VideoRecallException refused = assertThrows(VideoRecallException.class, () -> callerKey.verify(header));
      assertEquals(503, refused.status());
      assertEquals(48001, refused.errcode());
    }
  }
}
