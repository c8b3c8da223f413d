package io.wxbridge.videorecall.control;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;

/**
 * Udesk's video-recall API, as a MicroProfile REST Client. Built by {@link UdeskVideoApi} with the
 * configured URL as base URI (Udesk does not publish the path, so the whole URL is configuration)
 * and {@link UdeskSigningFilter} adding the authentication headers.
 *
 * <p>{@code Connection: close}: the calls are rare, and a pooled connection Udesk has closed
 * meanwhile would make a call that never reached Udesk fail as if it had been sent (so it would not
 * be retried); a new connection per call fails as "not connected".
 */
@ClientHeaderParam(name = "Connection", value = "close")
public interface UdeskVideoClient {

  /**
   * POST {bridge.video.qrcode-url}: Udesk's "dynamically generate mini-program QR code" (视频召回 ·
   * 动态生成小程序二维码). The parameters travel as a JSON body and, unless configured off, also as query
   * parameters of the same names; null query parameters are left out.
   *
   * @return Udesk's answer as it came, whatever its status (the default exception mapper is off)
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  Response generateQrCode(
      @QueryParam("sdkAppId") String sdkAppId,
      @QueryParam("offiAccountId") String offiAccountId,
      @QueryParam("offiAccountOpenId") String offiAccountOpenId,
      @QueryParam("callTimes") Integer callTimes,
      @QueryParam("customChannel") String customChannel,
      byte[] json);
}
