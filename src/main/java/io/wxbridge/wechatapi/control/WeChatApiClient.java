package io.wxbridge.wechatapi.control;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * The WeChat API endpoints the bridge relays (https://api.weixin.qq.com, or the account's api-url).
 * Built per base URL by {@link io.wxbridge.outbound.control.OutboundClients}; every answer comes
 * back as a Response, whatever its status, to be passed on unchanged. A parameter given as null is
 * not sent.
 */
public interface WeChatApiClient {

  /**
   * GET https://api.weixin.qq.com/{path}?access_token=… for the read endpoints:
   * /cgi-bin/user/info?openid=…&amp;lang=…
   * (developers.weixin.qq.com/doc/service/api/usermanage/userinfo/api_userinfo) and
   * /cgi-bin/template/get_all_private_template
   * (…/doc/service/api/notify/template/api_getalltemplates).
   *
   * @param path without the leading slash; its slashes are kept
   */
  @GET
  @Path("{path}")
  Response get(
      @PathParam("path") String path,
      @QueryParam("access_token") String accessToken,
      @QueryParam("openid") String openid,
      @QueryParam("lang") String lang);

  /**
   * POST a JSON body to https://api.weixin.qq.com/{path}?access_token=…:
   * /cgi-bin/message/custom/send (…/doc/service/api/customer/message/api_sendcustommessage) and
   * /cgi-bin/message/template/send (…/doc/service/api/notify/template/api_sendtemplatemessage).
   */
  @POST
  @Path("{path}")
  @Consumes(MediaType.APPLICATION_JSON)
  Response postJson(
      @PathParam("path") String path, @QueryParam("access_token") String accessToken, byte[] json);

  /**
   * POST /cgi-bin/message/custom/send?access_token=… with a JSON body
   * (…/doc/service/api/customer/message/api_sendcustommessage): {@link #postJson} with its path
   * fixed, for the call Udesk makes most. Jersey's client resolves and encodes a {@code @PathParam}
   * template on every call, 5 % of a relayed send's CPU in a profile (issue 9).
   */
  @POST
  @Path("cgi-bin/message/custom/send")
  @Consumes(MediaType.APPLICATION_JSON)
  Response customSend(@QueryParam("access_token") String accessToken, byte[] json);

  /**
   * POST /cgi-bin/media/upload?access_token=…&amp;type=… with a multipart/form-data body whose file
   * field is "media" (…/doc/service/api/material/temporary/api_uploadtempmedia). The body is
   * streamed with its Content-Length, never buffered.
   */
  @POST
  @Path("cgi-bin/media/upload")
  Response uploadMedia(
      @QueryParam("access_token") String accessToken,
      @QueryParam("type") String type,
      @HeaderParam("Content-Type") String multipartType,
      @HeaderParam("Content-Length") long length,
      InputStream multipart);

  /**
   * GET /cgi-bin/media/get?access_token=…&amp;media_id=…
   * (…/doc/service/Asset_Management/Get_temporary_materials.html): the file's bytes with
   * Content-Type and Content-disposition, or JSON ({"video_url"} for a video, or an errcode).
   */
  @GET
  @Path("cgi-bin/media/get")
  Response media(
      @QueryParam("access_token") String accessToken, @QueryParam("media_id") String mediaId);
}
