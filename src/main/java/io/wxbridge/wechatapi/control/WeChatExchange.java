package io.wxbridge.wechatapi.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.outbound.control.CallFailure;
import io.wxbridge.outbound.control.OutboundClients;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.token.control.WeChatEndpoint;
import io.wxbridge.wechatapi.entity.MediaDownload;
import io.wxbridge.wechatapi.entity.RetrySafety;
import io.wxbridge.wechatapi.entity.WeChatAnswer;
import io.wxbridge.wechatapi.entity.WeChatErrcode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One attempt at an exchange with the WeChat API. {@link WeChatApi} makes a call's first attempt
 * here directly and hands the call to {@link WeChatAttempts} (Fault Tolerance), which makes the
 * later ones here too, only when an attempt throws {@link WeChatApiException.Retryable}: WeChat
 * answered -1 (busy: nothing was done), or no connection could be made (nothing was sent). A
 * request that may have reached WeChat (read timeout, connection lost) is never repeated, and every
 * other answer, errcode or not, is returned as is. Each line logged names whom the call was for
 * ({@link OnBehalfOf}).
 */
@ApplicationScoped
public class WeChatExchange {
  private static final Logger LOG = Logger.getLogger(WeChatExchange.class.getName());

  /** No JSON answer of WeChat comes near this; anything larger is not relayed. */
  static final int MAX_JSON_ANSWER = 4 * 1024 * 1024;

  static final String MEDIA_GET = "/cgi-bin/media/get";
  static final String MEDIA_UPLOAD = "/cgi-bin/media/upload";
  static final String CUSTOM_SEND = "/cgi-bin/message/custom/send";

  @Inject OutboundClients clients;

  @Inject WeChatEndpoint endpoint;
  @Inject Event<WeChatErrcode> errcodes;

  public WeChatAnswer get(
      Account account,
      String path,
      String accessToken,
      Map<String, String> query,
      OnBehalfOf caller) {
    return exchange(
        account,
        path,
        RetrySafety.IDEMPOTENT,
        caller,
        () ->
            client(account)
                .get(path.substring(1), accessToken, query.get("openid"), query.get("lang")));
  }

  public WeChatAnswer postJson(
      Account account,
      String path,
      String accessToken,
      byte[] json,
      RetrySafety safety,
      OnBehalfOf caller) {
    return exchange(
        account,
        path,
        safety,
        caller,
        () ->
            CUSTOM_SEND.equals(path)
                ? client(account).customSend(accessToken, json)
                : client(account).postJson(path.substring(1), accessToken, json));
  }

  public WeChatAnswer upload(
      Account account, String type, String accessToken, SpooledUpload upload, OnBehalfOf caller) {
    return exchange(
        account,
        MEDIA_UPLOAD,
        RetrySafety.IDEMPOTENT,
        caller,
        () -> {
          try (InputStream body = upload.open()) {
            return client(account)
                .uploadMedia(accessToken, type, upload.contentType(), upload.length(), body);
          } catch (IOException e) {
            throw new ProcessingException(e);
          }
        });
  }

  /**
   * The first attempt of an upload whose length was announced, its file sent while it arrives
   * ({@link SpooledUpload#streamed()}). Never repeated: its body can be read once, and the caller
   * sends the spooled copy when this attempt brings no answer to pass on.
   *
   * @return WeChat's answer, or empty when the file was not the length announced (WeChat got no
   *     complete request)
   * @throws WeChatApiException.Retryable as any attempt: nothing was done, send the copy
   */
  public Optional<WeChatAnswer> uploadStreamed(
      Account account, String type, String accessToken, SpooledUpload upload, OnBehalfOf caller) {
    try {
      return Optional.of(
          exchange(
              account,
              MEDIA_UPLOAD,
              RetrySafety.IDEMPOTENT,
              caller,
              () -> {
                try {
                  return client(account)
                      .uploadMedia(
                          accessToken,
                          type,
                          upload.contentType(),
                          upload.streamedLength(),
                          upload.streamed());
                } catch (RuntimeException failed) {
                  throw upload.whyNotStreamed(failed);
                }
              }));
    } catch (SpooledUpload.NotAsAnnounced differentLength) {
      return Optional.empty();
    }
  }

  /** The media's bytes as a stream, or WeChat's JSON answer read whole; the caller closes it. */
  public MediaDownload download(
      Account account, String mediaId, String accessToken, OnBehalfOf caller) {
    Response response =
        call(
            account,
            MEDIA_GET,
            RetrySafety.IDEMPOTENT,
            caller,
            () -> client(account).media(accessToken, mediaId));
    try {
      return media(account, response, caller);
    } catch (RuntimeException failed) {
      response.close();
      throw failed;
    }
  }

  private MediaDownload media(Account account, Response response, OnBehalfOf caller) {
    Map<String, String> headers = MediaAnswers.passedOn(response);
    String contentType = response.getHeaderString(HttpHeaders.CONTENT_TYPE);
    InputStream body =
        response.hasEntity()
            ? response.readEntity(InputStream.class)
            : InputStream.nullInputStream();
    if (!MediaAnswers.mayBeJson(contentType)) {
      return streamed(account, caller, response, headers, body);
    }
    byte[] head =
        WeChatAnswerBody.readUpTo(
            account, MEDIA_GET, RetrySafety.IDEMPOTENT, caller, response, body, MAX_JSON_ANSWER);
    if (head.length > MAX_JSON_ANSWER) {
      return streamed(
          account,
          caller,
          response,
          headers,
          new SequenceInputStream(new ByteArrayInputStream(head), body));
    }
    response.close();
    return new MediaDownload(
        busyChecked(
            account, MEDIA_GET, caller, new WeChatAnswer(response.getStatus(), contentType, head)),
        headers);
  }

  /**
   * The file's bytes streamed as they come when WeChat announced their length (Udesk's client sees
   * an answer that breaks off as short of it); an answer without a length is received whole first
   * ({@link SpooledDownload}).
   */
  private static MediaDownload streamed(
      Account account,
      OnBehalfOf caller,
      Response response,
      Map<String, String> headers,
      InputStream body) {
    if (headers.containsKey(HttpHeaders.CONTENT_LENGTH)) {
      return new MediaDownload(response.getStatus(), headers, body, response);
    }
    try (response) {
      return SpooledDownload.received(account, caller, response.getStatus(), headers, body);
    }
  }

  private WeChatAnswer exchange(
      Account account,
      String path,
      RetrySafety safety,
      OnBehalfOf caller,
      Supplier<Response> request) {
    try (Response response = call(account, path, safety, caller, request)) {
      String contentType = response.getHeaderString(HttpHeaders.CONTENT_TYPE);
      InputStream body =
          response.hasEntity()
              ? response.readEntity(InputStream.class)
              : InputStream.nullInputStream();
      byte[] bytes =
          WeChatAnswerBody.readUpTo(account, path, safety, caller, response, body, MAX_JSON_ANSWER);
      if (bytes.length > MAX_JSON_ANSWER) {
        throw WeChatApiException.tooLarge(MAX_JSON_ANSWER);
      }
      return busyChecked(
          account, path, caller, new WeChatAnswer(response.getStatus(), contentType, bytes));
    }
  }

  private Response call(
      Account account,
      String path,
      RetrySafety safety,
      OnBehalfOf caller,
      Supplier<Response> request) {
    try {
      return request.get();
    } catch (ProcessingException failure) {
      if (CallFailure.of(failure).safeToRepeat()) {
        LOG.info(
            () ->
                account.appId()
                    + ": could not connect to WeChat for "
                    + path
                    + ", "
                    + caller
                    + " ("
                    + CallFailure.describe(failure)
                    + ")");
        throw WeChatApiException.Retryable.unreachable();
      }
      LOG.warning(
          () ->
              account.appId()
                  + ": no answer from WeChat to "
                  + path
                  + ", "
                  + caller
                  + " ("
                  + CallFailure.describe(failure)
                  + ")"
                  + (safety == RetrySafety.SENDS_MESSAGE
                      ? "; not retried: the message may have been delivered"
                      : ""));
      throw WeChatApiException.noAnswer(safety);
    }
  }

  private WeChatAnswer busyChecked(
      Account account, String path, OnBehalfOf caller, WeChatAnswer answer) {
    int errcode = answer.errcode().orElse(0);
    if (errcode != 0) {
      errcodes.fire(new WeChatErrcode(account.appId(), errcode));
    }
    if (answer.busy()) {
      LOG.info(
          () -> account.appId() + ": WeChat answered -1 (system busy) to " + path + ", " + caller);
      throw WeChatApiException.Retryable.busy(answer);
    }
    return answer;
  }

  private WeChatApiClient client(Account account) {
    return clients.of(WeChatApiClient.class, endpoint.baseUri(account), endpoint.timeouts());
  }
}
