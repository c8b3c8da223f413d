package io.wxbridge.videorecall.boundary;

import io.wxbridge.JaxRsActivator;
import io.wxbridge.access.boundary.RestrictedCallers;
import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.requests.boundary.ArrivingBody;
import io.wxbridge.requests.entity.RequestId;
import io.wxbridge.videorecall.control.ApiKeyVerifier;
import io.wxbridge.videorecall.control.RecallOrderReader;
import io.wxbridge.videorecall.control.SignatureValues;
import io.wxbridge.videorecall.control.SignedCaller;
import io.wxbridge.videorecall.control.VideoRecall;
import io.wxbridge.videorecall.entity.RecallOrder;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * POST /video-recall/{appid}/qrcode, for the enterprise's own systems: a follower's video
 * mini-program QR code from Udesk, optionally sent to the follower. Callers are restricted to
 * bridge.video.allowed-ips (by default the Udesk face's list) and must present the bearer key or,
 * in the other reading of seed 002's table (a third party calls the middleware), the seed's
 * signature in headers or the query ({@link SignedCaller}); both checked before anything else, so
 * an unauthenticated caller learns nothing about the accounts. A body is read as JSON whatever its
 * content type (callers often forget the header), unless it is a form ({@link
 * io.wxbridge.videorecall.control.RecallOrderReader}).
 */
@Path("video-recall/{appid}/qrcode")
@RestrictedCallers(VideoRecallResource.ALLOWED_IPS)
@Produces(MediaType.APPLICATION_JSON + ";charset=UTF-8")
@RequestScoped
@Tag(
    name = "Video recall",
    description =
        "For the enterprise's systems: bearer bridge.video.api-key, or the seed's signature"
            + " headers (docs/video-recall.md)")
@APIResponse(responseCode = "default", ref = JaxRsActivator.WECHAT_ERROR)
public class VideoRecallResource {
  static final String ALLOWED_IPS = "bridge.video.allowed-ips";

  @Inject ApiKeyVerifier apiKeys;
  @Inject SignedCaller signedCaller;
  @Inject Accounts accounts;
  @Inject RecallOrderReader orders;
  @Inject VideoRecall recall;

  @POST
  @Operation(
      summary =
          "A follower's video mini-program QR code from Udesk: {\"code\":1000,\"data\":"
              + "{\"qrCodeUrl\":...}}; with \"send\":true also sent to the follower")
  public byte[] qrCode(
      @PathParam("appid") String appId,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Context HttpHeaders headers,
      @Context UriInfo uri,
      @Context HttpServletRequest request,
      InputStream body) {
    apiKeys.requireOpen(); // bridge.video.api-key opens the endpoint, for either reading
    MultivaluedMap<String, String> query = uri.getQueryParameters();
    Function<String, List<String>> signature = SignatureValues.of(headers::getRequestHeader, query);
    if (authorization == null && signedCaller.presents(signature)) {
      signedCaller.verify(signature);
    } else {
      apiKeys.verify(headers.getRequestHeader(HttpHeaders.AUTHORIZATION));
    }
    Account account = accounts.require(appId);
    orders.refuseIfDeclaredTooLarge(request.getContentLengthLong());
    RecallOrder order = orders.read(ArrivingBody.of(body), query, request.getContentType());
    return recall.recall(account, order, RequestId.of(request.getAttribute(RequestId.PROPERTY)));
  }

  /**
   * Refused like every method but POST: JAX-RS's own answer to OPTIONS is a 200 in plain text,
   * where every other refusal of this face is WeChat-shaped JSON; no browser calls it.
   */
  @OPTIONS
  @Operation(summary = "Refused (405): video recall is POST")
  public Response options() {
    throw new NotAllowedException(HttpMethod.POST);
  }
}
