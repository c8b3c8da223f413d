package io.wxbridge.videorecall.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.database.control.BridgeDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Seed 002's signature as the bridge verifies it on inbound QR-code requests. */
class SignedCallerTest {
  private static final long NOW = 1_800_000_000L;
  private final UdeskRequestSigner signer = new UdeskRequestSigner();
  private final SignedCaller caller = caller();

  private SignedCaller caller() {
    UdeskVideoSettings settings = new UdeskVideoSettings();
    Map<String, String> config =
        Map.of(
            "bridge.video.qrcode-url",
            "https://udesk.example/qr",
            "bridge.video.udesk-app-id",
            "company-1",
            "bridge.video.udesk-secret",
            "s3cret");
    settings.load(EmbeddedConfig.with(config));
    SignedCaller signed = new SignedCaller();
    signed.settings = settings;
    signed.signer = signer;
    signed.acceptedRequests = new AcceptedRequests();
    signed.acceptedRequests.database = new BridgeDatabase(); // off: remembered in memory
    signed.recallSettings = new VideoRecallSettings();
    signed.recallSettings.load(EmbeddedConfig.with(Map.of())); // a window of 300 s
    signed.use(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    return signed;
  }

  private Map<String, String> headers(String appId, String secret, String nonce, long timestamp) {
    Map<String, String> headers = new HashMap<>();
    headers.put("appId", appId);
    headers.put("nonce", nonce);
    headers.put("timestap", Long.toString(timestamp));
    headers.put("token", signer.token(appId, secret, nonce, timestamp));
    return headers;
  }

  /** Each header once, as a request's headers are looked up. */
  private static Function<String, List<String>> once(Map<String, String> headers) {
    return name -> headers.containsKey(name) ? List.of(headers.get(name)) : null;
  }

  private VideoRecallException refused(Map<String, String> headers) {
    return assertThrows(VideoRecallException.class, () -> caller.verify(once(headers)));
  }

  @Test
  void theSignatureMayComeInTheQueryAndAHeaderWinsOverIt() {
    Map<String, String> inQuery = headers("company-1", "s3cret", "n-q1", NOW);
    Function<String, List<String>> noHeaders = name -> null;
    Function<String, List<String>> queryOnly =
        SignatureValues.of(
            noHeaders,
            Map.of(
                "appId", List.of("company-1"),
                "nonce", List.of("n-q1"),
                "timestap", List.of(Long.toString(NOW)),
                "token", List.of(inQuery.get("token"))));
    assertTrue(caller.presents(queryOnly), "a token in the query presents a signature");
    assertDoesNotThrow(() -> caller.verify(queryOnly));

    // the headers carry a valid signature with nonce n-h; the query another nonce, unsigned
    Map<String, String> inHeaders = headers("company-1", "s3cret", "n-h", NOW);
    Function<String, List<String>> both =
        SignatureValues.of(once(inHeaders), Map.of("nonce", List.of("n-other")));
    assertDoesNotThrow(() -> caller.verify(both), "the header's nonce is the one checked");
    assertTrue(
        refused(inHeaders).getMessage().contains("nonce was already used"),
        "and the header's nonce is the one used up");
    Function<String, List<String>> other =
        SignatureValues.of(
            name -> null,
            Map.of(
                "appId", List.of("company-1"),
                "nonce", List.of("n-other"),
                "timestap", List.of(Long.toString(NOW)),
                "token", List.of(inHeaders.get("token"))));
    assertEquals(
        401,
        assertThrows(VideoRecallException.class, () -> caller.verify(other)).status(),
        "the query's nonce was not signed");
  }

  @Test
  void acceptsTheSeedsSignatureOnceAndOnlyOnce() {
    Map<String, String> valid = headers("company-1", "s3cret", "n-1", NOW - 299);
    assertTrue(
        caller.presents(once(valid)), "a request with the token header presents a signature");
    assertDoesNotThrow(() -> caller.verify(once(valid)));
    assertTrue(
        refused(valid).getMessage().contains("nonce was already used"),
        "a replayed nonce is refused as already used");
  }

  @Test
  void refusesAWrongSecretAppIdOrTamperedTimestamp() {
    assertEquals(401, refused(headers("company-1", "guess", "n-2", NOW)).status());
    assertTrue(
        refused(headers("company-2", "s3cret", "n-3", NOW))
            .getMessage()
            .contains("wrong signature"),
        "another appId with the right secret is a wrong signature");
    Map<String, String> tampered = headers("company-1", "s3cret", "n-4", NOW);
    tampered.put("timestap", Long.toString(NOW + 1));
    assertTrue(
        refused(tampered).getMessage().contains("wrong signature"),
        "a tampered timestamp is a wrong signature");
    assertDoesNotThrow(
        () -> caller.verify(once(headers("company-1", "s3cret", "n-2", NOW))),
        "a refused request did not use up its nonce");
  }

  @Test
  void refusesAStaleOrFutureTimestamp() {
    assertTrue(
        refused(headers("company-1", "s3cret", "n-5", NOW - 301))
            .getMessage()
            .contains("timestamp"),
        "a timestamp 301 s old is refused for its timestamp");
    assertTrue(
        refused(headers("company-1", "s3cret", "n-6", NOW + 301))
            .getMessage()
            .contains("timestamp"),
        "a timestamp 301 s ahead is refused for its timestamp");
  }

  /** The seed's "timestap" corrected to "timestamp" is read too; under both names, twice. */
  @Test
  void theTimestampMayComeUnderEitherSpellingButNotUnderBoth() {
    Map<String, String> corrected = headers("company-1", "s3cret", "n-spelt", NOW);
    corrected.put("timestamp", corrected.remove("timestap"));
    assertDoesNotThrow(() -> caller.verify(once(corrected)));

    Map<String, String> both = headers("company-1", "s3cret", "n-both", NOW);
    both.put("timestamp", both.get("timestap"));
    VideoRecallException refused = refused(both);
    assertEquals(401, refused.status());
    assertEquals("the signature's timestap must be given once", refused.getMessage());
    both.remove("timestamp");
    assertDoesNotThrow(() -> caller.verify(once(both)), "the refusal did not use up the nonce");
  }

  /** A header given twice reaches JAX-RS's getHeaderString as "a,b": refused as such, not stale. */
  @Test
  void refusesASignatureHeaderGivenTwice() {
    Map<String, String> valid = headers("company-1", "s3cret", "n-9", NOW);
    for (String name : List.of("appId", "nonce", "timestap", "token")) {
      VideoRecallException refused =
          assertThrows(
              VideoRecallException.class,
              () ->
                  caller.verify(
                      header ->
                          header.equals(name)
                              ? List.of(valid.get(header), valid.get(header))
                              : once(valid).apply(header)),
              name);
      assertEquals(401, refused.status());
      assertEquals("the signature's " + name + " must be given once", refused.getMessage());
    }
    assertDoesNotThrow(() -> caller.verify(once(valid)), "the refusals did not use up the nonce");
  }

  @Test
  void whetherASignatureIsPresentedIsKnownWhileTheUdeskSettingsAreIncomplete() {
    UdeskVideoSettings incomplete = new UdeskVideoSettings();
    incomplete.load(EmbeddedConfig.with(Map.of()));
    SignedCaller unconfigured = new SignedCaller();
    unconfigured.settings = incomplete;
    unconfigured.signer = signer;
    assertFalse(
        unconfigured.presents(once(Map.of())),
        "no token header: the caller goes on to the bearer key check (401), not a 503");
    Map<String, String> signed = headers("company-1", "s3cret", "n-9", NOW);
    assertTrue(unconfigured.presents(once(signed)));
    assertEquals(
        503,
        assertThrows(VideoRecallException.class, () -> unconfigured.verify(once(signed))).status(),
        "a signed caller is told that signed requests are not enabled");
  }

  @Test
  void refusesIncompleteHeaders() {
    Map<String, String> missing = headers("company-1", "s3cret", "n-7", NOW);
    missing.remove("nonce");
    assertTrue(
        refused(missing).getMessage().contains("appId, nonce, timestap and token"),
        "a missing header is refused naming the four it needs");
    assertFalse(
        caller.presents(once(Map.of())),
        "a request without the token header presents no signature");
    assertFalse(
        caller.presents(name -> List.of()), "nor one whose headers are empty lists (RESTEasy)");
    assertTrue(
        assertThrows(VideoRecallException.class, () -> caller.verify(name -> List.of()))
            .getMessage()
            .contains("appId, nonce, timestap and token"),
        "a lookup that answers empty lists (RESTEasy's for a missing header) is incomplete");
  }
}
