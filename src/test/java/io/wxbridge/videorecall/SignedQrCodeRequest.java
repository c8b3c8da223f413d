package io.wxbridge.videorecall;

import io.wxbridge.testing.FakeUdeskVideoApi;
import io.wxbridge.testing.TestBridge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.stream.Collectors;

/**
 * Seed 002's signed QR-code request as a third party sends it: headers appId / nonce / timestap /
 * token = sha256(appId&amp;secret&amp;nonce&amp;timestap), the seed's body fields. Public for the
 * checks that run several instances (InboxPostgresChecks).
 */
public final class SignedQrCodeRequest {
  private SignedQrCodeRequest() {}

  /** The seed's body fields, for the follower {@code openid}. */
  static String body(String openid) {
    return "{\"sdkAppId\":\"1400999999\",\"offiAccountId\":\"gh_seedreading01\",\"offiAccountOpenId\":\""
        + openid
        + "\",\"callTimes\":3,\"customChannel\":\"seed\"}";
  }

  /** {@code body} to the bridge at {@code bridge}, signed with {@code appId} and {@code secret}. */
  static HttpRequest.Builder signed(
      URI bridge, String body, String appId, String secret, String nonce, long timestamp) {
    return VideoRecallClient.request(bridge, VideoRecallClient.SET_UP, body)
        .header("appId", appId)
        .header("nonce", nonce)
        .header("timestap", Long.toString(timestamp))
        .header(
            "token",
            FakeUdeskVideoApi.sha256Hex(appId + "&" + secret + "&" + nonce + "&" + timestamp));
  }

  /**
   * A correctly signed request for {@code openid} to the bridge at {@code bridge}.
   *
   * @return the bridge's status, and its answer's errmsg if it has one
   */
  public static String send(URI bridge, String openid, String nonce, long timestamp)
      throws Exception {
    VideoRecallClient.Answer answer =
        VideoRecallClient.send(
            signed(
                bridge,
                body(openid),
                FakeUdeskVideoApi.APP_ID,
                FakeUdeskVideoApi.SECRET,
                nonce,
                timestamp));
    return answer.status() == 200
        ? "200"
        : answer.status() + " " + answer.json().getString("errmsg", "");
  }

  /** How many QR-code requests for {@code openid} reached the fake Udesk. */
  public static long relayedToUdesk(String openid) {
    return TestBridge.udeskVideo().qrCodeRequests().stream()
        .filter(request -> request.bodyText().contains(openid))
        .count();
  }

  /** The AppID of the account set up for video recall in bridge-it.properties. */
  public static String account() {
    return VideoRecallClient.SET_UP;
  }

  /**
   * The lines of the suite's bridge-it.properties that another bridge needs to serve {@link
   * #account()}'s signed requests (the account itself must be in its bridge.accounts).
   */
  public static String configuration() {
    try {
      return Files.readString(TestBridge.itDir().resolve("bridge-it.properties"))
          .lines()
          .filter(
              line ->
                  line.startsWith("bridge.video.")
                      || line.startsWith("bridge.account." + VideoRecallClient.SET_UP + "."))
          .collect(Collectors.joining("\n"));
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }
}
