package io.wxbridge.videorecall.entity;

import static io.wxbridge.SharedJson.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The parameters of Udesk's "dynamically generate mini-program QR code" API, named as Udesk names
 * them.
 *
 * @param sdkAppId the video mini-program's sdkAppId
 * @param offiAccountId the Official Account's id as Udesk knows it
 * @param offiAccountOpenId the follower's OpenID in that account
 * @param callTimes how many calls the QR code allows; -1 = unlimited (Udesk's default)
 * @param customChannel the customer's own channel, used by Udesk to route the video call
 */
public record QrCodeParameters(
    String sdkAppId,
    String offiAccountId,
    String offiAccountOpenId,
    int callTimes,
    Optional<String> customChannel) {
  public static final int UNLIMITED_CALLS = -1;

  /**
   * The JSON body: every parameter, callTimes always (explicit -1 rather than relying on a
   * default).
   */
  public JsonObject toJson() {
    JsonObjectBuilder json =
        JSON.createObjectBuilder()
            .add("sdkAppId", sdkAppId)
            .add("offiAccountId", offiAccountId)
            .add("offiAccountOpenId", offiAccountOpenId)
            .add("callTimes", callTimes);
    customChannel.ifPresent(channel -> json.add("customChannel", channel));
    return json.build();
  }

  public byte[] toJsonBytes() {
    return toJson().toString().getBytes(StandardCharsets.UTF_8);
  }
}
