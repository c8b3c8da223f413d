package io.wxbridge.videorecall.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The request body of Udesk's QR-code API, with the parameter names Udesk's document uses. */
class QrCodeParametersTest {

  @Test
  void bodyNamesEveryParameterAsUdeskDoesAndSendsTheDefaultCallTimesExplicitly() {
    QrCodeParameters parameters =
        new QrCodeParameters(
            "1400123456",
            "gh_0123456789ab",
            "oVideo_follower-1",
            QrCodeParameters.UNLIMITED_CALLS,
            Optional.empty());

    assertEquals(
        "{\"sdkAppId\":\"1400123456\",\"offiAccountId\":\"gh_0123456789ab\","
            + "\"offiAccountOpenId\":\"oVideo_follower-1\",\"callTimes\":-1}",
        new String(parameters.toJsonBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void customChannelIsSentOnlyWhenGivenAndEscapedAsJson() {
    QrCodeParameters parameters =
        new QrCodeParameters("1400123456", "wxvideo0000000001", "o1", 3, Optional.of("渠道 \"VIP\""));

    assertEquals(
        "{\"sdkAppId\":\"1400123456\",\"offiAccountId\":\"wxvideo0000000001\","
            + "\"offiAccountOpenId\":\"o1\",\"callTimes\":3,\"customChannel\":\"渠道 \\\"VIP\\\"\"}",
        new String(parameters.toJsonBytes(), StandardCharsets.UTF_8));
  }
}
