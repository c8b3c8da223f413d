package io.wxbridge.relay.boundary;

import io.wxbridge.JaxRsActivator;
import io.wxbridge.access.boundary.RestrictedCallers;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.relay.control.MediaUploads;
import io.wxbridge.relay.control.RelayCapacity;
import io.wxbridge.relay.control.RelayedCalls;
import io.wxbridge.relay.control.UdeskCallParser;
import io.wxbridge.relay.control.UdeskFaceGuard;
import io.wxbridge.relay.control.UdeskRelay;
import io.wxbridge.relay.entity.UdeskCall;
import io.wxbridge.relay.entity.UdeskOperation;
import io.wxbridge.requests.boundary.ArrivingBody;
import io.wxbridge.requests.boundary.CallerMayLeave;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.requests.entity.RequestId;
import io.wxbridge.wechatapi.control.StreamedMedia;
import io.wxbridge.wechatapi.entity.MediaDownload;
import io.wxbridge.wechatapi.entity.WeChatAnswer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The simulated domain Udesk is given: https://&lt;host&gt;/udesk/&lt;appid-or-udesk-path&gt; or
 * https://&lt;host&gt;/udesk?appid=&lt;appid&gt;. Udesk tells its calls apart only by method, query
 * and suffix (Udesk §2–7, docs/protocol.md §8), so one resource takes every path under /udesk and
 * lets {@link UdeskCallParser} recognise the call; WeChat's answer goes back unchanged. One
 * instance serves every call, and what belongs to the request comes as method parameters (one
 * {@code @Context HttpServletRequest}): a per-request resource with {@code @Context} fields was
 * created and injected by CDI and HK2 on every call, about a tenth of a send's CPU in a profile.
 */
@Path("udesk")
@ApplicationScoped
@RestrictedCallers("bridge.udesk.allowed-ips")
@Tag(
    name = "Udesk face",
    description =
        "The simulated domain: /udesk/{appid-or-udesk-path}/<WeChat API path> or /udesk?appid=;"
            + " customer-service and template messages, media, user info, templates. WeChat's"
            + " answer comes back unchanged (200 also carries WeChat's own errcode)")
@APIResponse(responseCode = "default", ref = JaxRsActivator.WECHAT_ERROR)
public class SimulatedDomainResource {
  private final UdeskCallParser parser = new UdeskCallParser();

  @Inject UdeskRelay relay;
  @Inject MediaUploads uploads;
  @Inject RelayedCalls calls;
  @Inject RelayCapacity capacity;
  @Inject UdeskFaceGuard guard;

  @GET
  @CallerMayLeave
  @Operation(summary = "A WeChat API read, relayed (user info, templates, media download)")
  public Response get(@Context HttpServletRequest request) {
    return get("", request);
  }

  /**
   * Refused: JAX-RS would answer a HEAD by running the GET, which makes the WeChat call (and for
   * media, the whole download) only to drop its answer. Udesk never sends one.
   */
  @HEAD
  @Operation(summary = "Refused (405): a HEAD would make the WeChat call a GET makes")
  public Response head() {
    throw new NotAllowedException(HttpMethod.GET, new String[] {HttpMethod.POST});
  }

  @HEAD
  @Path("{path: .*}")
  @Operation(summary = "Refused (405): a HEAD would make the WeChat call a GET makes")
  public Response headOf() {
    return head();
  }

  /**
   * Refused like every method but GET and POST: the server's own answer to OPTIONS (200) listed
   * HEAD, which is refused, and OPTIONS, which Udesk never sends (no browser calls this face).
   */
  @OPTIONS
  @Operation(summary = "Refused (405): the Udesk face is GET and POST")
  public Response options() {
    return head();
  }

  @OPTIONS
  @Path("{path: .*}")
  @Operation(summary = "Refused (405): the Udesk face is GET and POST")
  public Response optionsOf() {
    return head();
  }

  @POST
  @Operation(summary = "A WeChat API call, relayed (messages, template messages, media upload)")
  public Response post(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
      @Context HttpServletRequest request,
      InputStream body) {
    return post("", type, length, request, body);
  }

  @GET
  @Path("{path: .*}")
  @CallerMayLeave
  @Operation(summary = "A WeChat API read, relayed (user info, templates, media download)")
  public Response get(
      @Encoded @PathParam("path") String path, @Context HttpServletRequest request) {
    UdeskCallParser.Addressed addressed = parser.address(path, request.getQueryString());
    Account account = account(addressed, request);
    UdeskCall call = addressed.call("GET");
    RequestId id = requestId(request);
    OnBehalfOf caller = OnBehalfOf.request(id);
    if (call.operation() == UdeskOperation.GET_MEDIA) {
      return media(
          account,
          caller,
          calls.relay(
              account,
              call,
              id,
              MediaDownload::errcode,
              () -> relay.download(account, call, caller)));
    }
    return answer(
        calls.relay(
            account, call, id, WeChatAnswer::errcode, () -> relay.read(account, call, caller)));
  }

  @POST
  @Path("{path: .*}")
  @Operation(summary = "A WeChat API call, relayed (messages, template messages, media upload)")
  public Response post(
      @Encoded @PathParam("path") String path,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
      @Context HttpServletRequest request,
      InputStream body) {
    UdeskCallParser.Addressed addressed = parser.address(path, request.getQueryString());
    Account account = account(addressed, request);
    UdeskCall addressedCall = addressed.call("POST");
    RequestId id = requestId(request);
    OnBehalfOf caller = OnBehalfOf.request(id);
    if (addressedCall.operation() == UdeskOperation.UPLOAD_MEDIA) {
      OptionalLong declared = length == null ? OptionalLong.empty() : OptionalLong.of(length);
      return answer(
          calls.relay(
              account,
              addressedCall,
              id,
              WeChatAnswer::errcode,
              () ->
                  uploads.upload(
                      account,
                      addressedCall.parameter("type").orElse(""),
                      type,
                      declared,
                      ArrivingBody.of(body),
                      caller)));
    }
    byte[] message = capacity.awaitMessage(ArrivingBody.of(body), length);
    UdeskCall call = addressed.posted(addressedCall, message);
    return answer(
        calls.relay(
            account,
            call,
            id,
            WeChatAnswer::errcode,
            () -> relay.post(account, call, type, message, caller)));
  }

  private static RequestId requestId(HttpServletRequest request) {
    return RequestId.of(request.getAttribute(RequestId.PROPERTY));
  }

  /** Found and admitted before the call's shape is looked at ({@link UdeskCallParser#address}). */
  private Account account(UdeskCallParser.Addressed call, HttpServletRequest request) {
    Account account = relay.account(call.account());
    List<String> forwardedFor = Collections.list(request.getHeaders("X-Forwarded-For"));
    guard.admit(account, request.getRemoteAddr(), forwardedFor.isEmpty() ? null : forwardedFor);
    return account;
  }

  private static Response answer(WeChatAnswer answer) {
    return Response.status(answer.status())
        .header(HttpHeaders.CONTENT_TYPE, answer.contentType())
        .entity(answer.body())
        .build();
  }

  private static Response media(Account account, OnBehalfOf caller, MediaDownload download) {
    StreamingOutput bytes = output -> StreamedMedia.copy(account, caller, download, output);
    Response.ResponseBuilder response = Response.status(download.status()).entity(bytes);
    download.headers().forEach(response::header);
    return response.build();
  }
}
