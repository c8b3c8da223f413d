package io.wxbridge.wechat;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.wechat.control.WeChatApi;
import io.wxbridge.wechat.entity.Delivery;
import io.wxbridge.wechat.entity.MediaDownload;
import io.wxbridge.wechat.entity.MediaUpload;
import io.wxbridge.wechat.entity.WeChatAnswer;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** TEMPORARY test-only hook (added to the test deployment only) until the relay's Udesk face lands. */
@RequestScoped
@Path("temporary-wechat-probe/{appid}")
public class TemporaryWeChatProbe {
  @Inject Accounts accounts;
  @Inject WeChatApi wechat;

  @GET
  @Path("user-info")
  public Response userInfo(@PathParam("appid") String appId, @QueryParam("openid") String openid) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("openid", openid);
    query.put("lang", "zh_CN");
    return answer(wechat.get(accounts.require(appId), "/cgi-bin/user/info", query));
  }

  @POST
  @Path("send")
  public Response send(@PathParam("appid") String appId, byte[] json) {
    return answer(wechat.postJson(accounts.require(appId), "/cgi-bin/message/custom/send", json, Delivery.SENDS_MESSAGE));
  }

  @POST
  @Path("upload")
  public Response upload(@PathParam("appid") String appId, @QueryParam("type") String type,
      @HeaderParam("X-File-Name") String fileName, @HeaderParam("Content-Type") String contentType, InputStream body) {
    return answer(wechat.uploadMedia(accounts.require(appId), type, new MediaUpload(java.net.URLDecoder.decode(fileName, java.nio.charset.StandardCharsets.UTF_8), contentType, body, -1)));
  }

  @GET
  @Path("media")
  public Response media(@PathParam("appid") String appId, @QueryParam("media_id") String mediaId) {
    MediaDownload media = wechat.downloadMedia(accounts.require(appId), mediaId);
    StreamingOutput body = out -> {
      try (media) {
        media.body().transferTo(out);
      }
    };
    Response.ResponseBuilder response = Response.status(media.status()).entity(body);
    media.headers().forEach(response::header);
    return response.build();
  }

  private static Response answer(WeChatAnswer answer) {
    return Response.status(answer.status()).header("Content-Type", answer.contentType()).entity(answer.body()).build();
  }
}
