package io.wxbridge.token.control;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * WeChat's access_token endpoints (https://api.weixin.qq.com, or the account's api-url). Built per
 * base URL by {@link io.wxbridge.outbound.control.OutboundClients}; answers come back as received.
 * No {@code @Path} on the interface: JAX-RS deploys every class so annotated in the WAR as a
 * resource, and this one answered {@code /cgi-bin/token} on the bridge itself with a 500.
 */
public interface WeChatTokenClient {

  /**
   * POST /cgi-bin/stable_token with
   * {"grant_type":"client_credential","appid","secret","force_refresh"} (getStableAccessToken:
   * developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken).
   */
  @POST
  @Path("/cgi-bin/stable_token")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  Response stableToken(byte[] request);

  /**
   * GET /cgi-bin/token?grant_type=client_credential&amp;appid=…&amp;secret=… (getAccessToken:
   * developers.weixin.qq.com/doc/service/en/Basic_Information/Get_access_token.html).
   */
  @GET
  @Path("/cgi-bin/token")
  @Produces(MediaType.APPLICATION_JSON)
  Response token(
      @QueryParam("grant_type") String grantType,
      @QueryParam("appid") String appId,
      @QueryParam("secret") String secret);
}
