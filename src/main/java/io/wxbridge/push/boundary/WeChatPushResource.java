package io.wxbridge.push.boundary;

import io.wxbridge.JaxRsActivator;
import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.push.control.PushReception;
import io.wxbridge.push.entity.SignedQuery;
import io.wxbridge.requests.boundary.ArrivingBody;
import io.wxbridge.requests.entity.RequestId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The server URL of each Official Account: {@code /wechat/{appid}}. No @Consumes or @Produces:
 * WeChat's headers are not part of its protocol, and a 406 or 415 would be an outage; the media
 * types of the answers are set here instead. Pushes are answered asynchronously, so no request
 * thread waits on Udesk. An AppID the bridge does not serve gets exactly what a wrong signature
 * gets (401), so the face does not tell strangers which AppIDs are served. The error response is on
 * each method: Payara drops a class-level one from methods that declare responses of their own.
 * WeChat's query parameters are method parameters, not a {@code @BeanParam}: Jersey builds a bean
 * parameter through HK2 on every request, and that cost 12 % of a push's CPU in a profile. One
 * instance serves every request (it holds nothing per request): a per-request resource was created
 * and injected by CDI and HK2 on every push, 3.5 % of its CPU. For the same reason the headers it
 * needs (the length, the request id the filter set) are {@code @HeaderParam}s, not {@code @Context}
 * objects, which HK2 looks up per request.
 */
@Path("wechat/{appid}")
@ApplicationScoped
@Tag(name = "WeChat face", description = "The server URL of each Official Account")
public class WeChatPushResource {
  private static final String TEXT = "text/plain; charset=UTF-8";
  private static final String XML = "text/xml; charset=UTF-8";

  @Inject Accounts accounts;
  @Inject PushReception reception;
  @Inject PushBodyReader bodies;

  /** The URL check WeChat makes when the administrator saves the server configuration. */
  @GET
  @Operation(summary = "URL check: answers echostr when the signature is the account's")
  @APIResponse(
      responseCode = "200",
      description = "the echostr",
      content = @Content(mediaType = "text/plain"))
  @APIResponse(responseCode = "default", ref = JaxRsActivator.PUSH_REFUSED)
  public Response confirmUrl(
      @PathParam("appid") String appId,
      @QueryParam("signature") String signature,
      @QueryParam("timestamp") String timestamp,
      @QueryParam("nonce") String nonce,
      @QueryParam("echostr") String echostr) {
    SignedQuery query = new SignedQuery(signature, timestamp, nonce, null, null);
    Optional<Account> account = accounts.served(appId);
    if (account.isEmpty()) {
      reception.refuseUnservedUrlCheck(query, echostr);
    }
    return Response.ok(reception.confirmUrl(account.orElseThrow(), query, echostr), TEXT).build();
  }

  /** A message or event pushed by WeChat, in plaintext, compatible or safe mode. */
  @POST
  @Operation(summary = "A push (plaintext, compatible or safe mode): recorded, forwarded to Udesk")
  @APIResponse(
      responseCode = "200",
      description = "empty, or Udesk's passive reply (encrypted in compatible and safe mode)",
      content = @Content(mediaType = "text/xml"))
  @APIResponse(responseCode = "default", ref = JaxRsActivator.PUSH_REFUSED)
  public CompletionStage<Response> push(
      @PathParam("appid") String appId,
      @QueryParam("signature") String signature,
      @QueryParam("timestamp") String timestamp,
      @QueryParam("nonce") String nonce,
      @QueryParam("encrypt_type") String encryptType,
      @QueryParam("msg_signature") String msgSignature,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length,
      @HeaderParam(RequestId.HEADER) String requestId,
      InputStream body) {
    long started = System.nanoTime();
    SignedQuery query = new SignedQuery(signature, timestamp, nonce, encryptType, msgSignature);
    byte[] push = bodies.read(ArrivingBody.of(body), PushBodyReader.declared(length));
    Optional<Account> account = accounts.served(appId);
    if (account.isEmpty()) {
      reception.refuseUnserved(accounts.misconfiguredToken(appId), query, push);
      return CompletableFuture.completedFuture(Response.ok("", TEXT).build());
    }
    return reception
        .receive(account.get(), query, push, RequestId.ofHeader(requestId), started)
        .thenApply(answer -> Response.ok(answer, answer.length == 0 ? TEXT : XML).build());
  }
}
