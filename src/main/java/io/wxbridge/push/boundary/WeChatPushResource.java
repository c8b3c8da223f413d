package io.wxbridge.push.boundary;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.push.control.PushReception;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.concurrent.CompletionStage;

/**
 * The server URL of each Official Account: {@code /wechat/{appid}}. No @Consumes or @Produces: WeChat's
 * headers are not part of its protocol, and a 406 or 415 would be an outage; the media types of the
 * answers are set here instead. Pushes are answered asynchronously, so no request thread waits on
 * Udesk.
 */
@Path("wechat/{appid}")
public class WeChatPushResource {
  private static final String TEXT = "text/plain; charset=UTF-8";
  private static final String XML = "text/xml; charset=UTF-8";

  @Inject Accounts accounts;
  @Inject PushReception reception;
  @Inject PushBodyReader bodies;

  /** The URL check WeChat makes when the administrator saves the server configuration. */
  @GET
  public Response confirmUrl(@PathParam("appid") String appId, @BeanParam PushQuery query) {
    Account account = accounts.require(appId);
    return Response.ok(reception.confirmUrl(account, query.signed(), query.echostr), TEXT).build();
  }

  /** A message or event pushed by WeChat, in plaintext, compatible or safe mode. */
  @POST
  public CompletionStage<Response> push(@PathParam("appid") String appId, @BeanParam PushQuery query,
      @Context HttpHeaders headers, InputStream body) {
    Account account = accounts.require(appId);
    byte[] push = bodies.read(body, headers.getLength());
    return reception.receive(account, query.signed(), push)
        .thenApply(answer -> Response.ok(answer, answer.length == 0 ? TEXT : XML).build());
  }
}
