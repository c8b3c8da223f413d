package io.wxbridge.token.control;

import static io.wxbridge.SharedJson.JSON;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.outbound.control.CallFailure;
import io.wxbridge.outbound.control.OutboundClients;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.token.entity.AccessToken;
import io.wxbridge.token.entity.TokenAnswer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * One token request for one account, in its token mode: stable (POST /cgi-bin/stable_token, never
 * with force_refresh: that would invalidate the token every other node holds), classic (GET
 * /cgi-bin/token) or external (the enterprise's token server). A request that never reached the
 * server, or that WeChat answered -1 (busy), is retried with Fault Tolerance; a refusal (40164,
 * 40013, 40125, 40243, 45009 …) is not, nor is a request that got no answer.
 */
@ApplicationScoped
public class TokenRequests {
  private static final Logger LOG = Logger.getLogger(TokenRequests.class.getName());

  /**
   * What a token without expires_in (from a token server) is assumed to live: short, to be safe.
   */
  static final long ASSUMED_EXPIRES_IN = 300;

  /** The most of a token answer read (WeChat's are under 600 bytes). */
  static final int MAX_ANSWER = 64 * 1024;

  private static final String WECHAT = "WeChat's token endpoint";
  private static final String TOKEN_SERVER = "The token server";

  @Inject OutboundClients clients;

  @Inject WeChatEndpoint endpoint;

  /**
   * The policy's maxDuration as annotated: no retry begins once this has passed since the first
   * attempt began, but the one begun just before may start a delay and its jitter later, and
   * configuration may change all three ({@link TokenFetchWindow} reads them as they are).
   */
  static final long RETRIES_START_WITHIN_MILLIS = 6000;

  /**
   * Bounded, jittered retries: at most 4 attempts, none begun after 6 s plus a delay (see
   * docs/token-and-wechat-api.md).
   */
  @Retry(
      maxRetries = 3,
      delay = 500,
      jitter = 250,
      maxDuration = RETRIES_START_WITHIN_MILLIS,
      retryOn = TokenException.Retryable.class)
  public AccessToken fetch(Account account, OnBehalfOf caller) {
    Instant requestedAt = Instant.now();
    TokenAnswer answer =
        switch (account.tokenMode()) {
          case STABLE ->
              read(
                  account,
                  WECHAT,
                  caller,
                  () -> wechat(account).stableToken(stableRequest(account)));
          case CLASSIC ->
              read(
                  account,
                  WECHAT,
                  caller,
                  () ->
                      wechat(account)
                          .token("client_credential", account.appId().value(), secret(account)));
          case EXTERNAL ->
              read(
                  account,
                  TOKEN_SERVER,
                  caller,
                  () ->
                      clients
                          .of(
                              TokenServerClient.class,
                              account.tokenUrl().orElseThrow(),
                              endpoint.timeouts())
                          .token());
        };
    return AccessToken.issued(
        answer.accessToken().orElseThrow(),
        answer.expiresIn().orElse(ASSUMED_EXPIRES_IN),
        requestedAt);
  }

  private TokenAnswer read(
      Account account, String what, OnBehalfOf caller, Supplier<Response> call) {
    try (Response response = call.get()) {
      TokenAnswer answer = TokenAnswer.parse(readAtMost(response, what));
      if (answer.errcode() == -1) {
        LOG.fine(() -> account.appId() + ": " + what + " answered -1 (busy), " + caller);
        throw TokenException.Retryable.busy();
      }
      if (answer.isError()) {
        throw TokenException.refused(answer.errcode(), answer.errmsg());
      }
      if (answer.accessToken().isEmpty()) {
        throw TokenException.unusableAnswer(what, response.getStatus());
      }
      if (answer.expiresIn().orElse(ASSUMED_EXPIRES_IN) <= 0) {
        // expired as it came: the timer would fetch it again every second, all day
        throw TokenException.expiredAsIssued(what, answer.expiresIn().orElseThrow());
      }
      return answer;
    } catch (ProcessingException failure) {
      if (CallFailure.of(failure).safeToRepeat()) {
        LOG.fine(
            () ->
                account.appId()
                    + ": could not connect to "
                    + what
                    + ", "
                    + caller
                    + " ("
                    + CallFailure.describe(failure)
                    + ")");
        throw TokenException.Retryable.unreachable(what);
      }
      LOG.fine(
          () ->
              account.appId()
                  + ": no answer from "
                  + what
                  + ", "
                  + caller
                  + " ("
                  + CallFailure.describe(failure)
                  + ")");
      throw TokenException.noAnswer(what);
    }
  }

  /**
   * The answer's bytes, refused past {@value #MAX_ANSWER}: a token answer is a few hundred bytes,
   * and a token server or proxy that streams without end would otherwise fill the heap of the node.
   */
  private static byte[] readAtMost(Response response, String what) {
    try (InputStream body = response.readEntity(InputStream.class)) {
      byte[] read = body.readNBytes(MAX_ANSWER + 1);
      if (read.length > MAX_ANSWER) {
        throw TokenException.tooLarge(what, response.getStatus(), MAX_ANSWER);
      }
      return read;
    } catch (IOException brokenOff) {
      throw new ProcessingException(brokenOff); // as a read error of readEntity itself
    }
  }

  private WeChatTokenClient wechat(Account account) {
    return clients.of(WeChatTokenClient.class, endpoint.baseUri(account), endpoint.timeouts());
  }

  private static byte[] stableRequest(Account account) {
    return JSON.createObjectBuilder()
        .add("grant_type", "client_credential")
        .add("appid", account.appId().value())
        .add("secret", secret(account))
        .add("force_refresh", false)
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String secret(Account account) {
    return account
        .appSecret()
        .orElseThrow(() -> TokenException.appSecretMissing(account.appId().value()));
  }
}
