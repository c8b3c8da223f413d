package io.wxbridge.benchmark.trivial;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * The platform's ceiling, deployed by the benchmark next to the bridge in the same Payara Micro:
 * each endpoint is one MicroProfile REST client call and no work (no signature, no crypto, no
 * parsing), on Jersey's default connector, the JDK's (the bridge's clients run on Apache HttpClient
 * 5: docs/token-and-wechat-api.md), every status handed back. Its String bodies declare no length,
 * so the JDK buffers them and sends them without its check of a kept-alive connection; its upload
 * is streamed and pays it. Not part of the bridge: it lives in the test sources and only the
 * benchmark deploys it.
 */
@Path("trivial")
@ApplicationScoped
public class TrivialRelayResource {
  private static final String JSON = "application/json; encoding=utf-8";

  @Inject
  @ConfigProperty(name = "bench.trivial.udesk-url")
  String udeskUrl;

  @Inject
  @ConfigProperty(name = "bench.trivial.wechat-url")
  String wechatUrl;

  private TrivialUpstream udesk;
  private TrivialUpstream wechat;

  @PostConstruct
  void connect() {
    udesk = client(udeskUrl);
    wechat = client(wechatUrl);
  }

  private static TrivialUpstream client(String url) {
    return RestClientBuilder.newBuilder()
        .baseUri(URI.create(url))
        .connectTimeout(3, TimeUnit.SECONDS)
        .readTimeout(30, TimeUnit.SECONDS)
        .property("jersey.config.client.httpUrlConnector.useFixedLengthStreaming", true)
        .property("microprofile.rest.client.disable.default.mapper", true)
        .build(TrivialUpstream.class);
  }

  @POST
  @Path("push")
  public Response push(String xml) {
    return Response.ok(udesk.push(xml), "text/xml; charset=UTF-8").build();
  }

  @POST
  @Path("send")
  public Response send(@QueryParam("access_token") String accessToken, String json) {
    return Response.ok(wechat.send(accessToken, json), JSON).build();
  }

  @GET
  @Path("media")
  public Response media(
      @QueryParam("access_token") String accessToken, @QueryParam("media_id") String mediaId) {
    Response file = wechat.media(accessToken, mediaId);
    return Response.status(file.getStatus())
        .type(file.getMediaType())
        .entity(file.readEntity(InputStream.class))
        .build();
  }

  @POST
  @Path("upload")
  public Response upload(
      @QueryParam("access_token") String accessToken,
      @QueryParam("type") String type,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String multipartType,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) long length,
      InputStream multipart) {
    return Response.ok(wechat.upload(accessToken, type, multipartType, length, multipart), JSON)
        .build();
  }
}
