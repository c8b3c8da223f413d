package io.wxbridge.benchmark.trivial;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * The upstream calls of {@link TrivialRelayResource}: the same shapes as the bridge's own clients.
 */
public interface TrivialUpstream {

  /** Udesk's message URL: the push's XML as it came. */
  @POST
  @Consumes("text/xml")
  String push(String xml);

  @POST
  @Path("cgi-bin/message/custom/send")
  @Consumes(MediaType.APPLICATION_JSON)
  String send(@QueryParam("access_token") String accessToken, String json);

  @GET
  @Path("cgi-bin/media/get")
  Response media(
      @QueryParam("access_token") String accessToken, @QueryParam("media_id") String mediaId);

  @POST
  @Path("cgi-bin/media/upload")
  String upload(
      @QueryParam("access_token") String accessToken,
      @QueryParam("type") String type,
      @HeaderParam("Content-Type") String multipartType,
      @HeaderParam("Content-Length") long length,
      InputStream multipart);
}
