package io.wxbridge.relay.control;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.relay.entity.AccountName;
import io.wxbridge.relay.entity.UdeskCall;
import io.wxbridge.relay.entity.UdeskOperation;
import io.wxbridge.requests.control.RefusedBody;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.wechatapi.control.WeChatApi;
import io.wxbridge.wechatapi.entity.MediaDownload;
import io.wxbridge.wechatapi.entity.RetrySafety;
import io.wxbridge.wechatapi.entity.WeChatAnswer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Relays one recognised Udesk call to the WeChat API endpoint it stands for and returns WeChat's
 * answer as received: Udesk decides from WeChat's own errcode whether a send succeeded. What Udesk
 * sends that WeChat would refuse anyway (no follower, no msgtype, no media_id…) is refused here, so
 * nothing half-formed reaches WeChat.
 */
@ApplicationScoped
public class UdeskRelay {
  static final String CUSTOM_SEND = "/cgi-bin/message/custom/send";
  static final String TEMPLATE_SEND = "/cgi-bin/message/template/send";
  static final String TEMPLATE_LIST = "/cgi-bin/template/get_all_private_template";
  static final String USER_INFO = "/cgi-bin/user/info";

  /** Far above any message WeChat accepts; a bound so a hostile body cannot fill the heap. */
  static final int MAX_MESSAGE_BYTES = 1024 * 1024;

  private static final Logger LOG = Logger.getLogger(UdeskRelay.class.getName());

  @Inject Accounts accounts;
  @Inject WeChatApi wechat;

  private final CustomerMessageBody customerMessages = new CustomerMessageBody();
  private final TemplateMessageBody templateMessages = new TemplateMessageBody();

  /** The account the call names, honouring udesk-path (an account with one answers only there). */
  public Account account(AccountName name) {
    return name.inQuery()
        ? accounts.requireForUdeskQuery(name.value())
        : accounts.requireForUdesk(name.value());
  }

  /**
   * GET ?openid= (GET /cgi-bin/user/info) and the template list (GET
   * /cgi-bin/template/get_all_private_template).
   */
  public WeChatAnswer read(Account account, UdeskCall call, OnBehalfOf caller) {
    if (call.operation() == UdeskOperation.TEMPLATE_LIST) {
      return wechat.get(account, TEMPLATE_LIST, Map.of(), caller);
    }
    if (call.operation() != UdeskOperation.USER_INFO) {
      throw new IllegalArgumentException("not a read: " + call.operation());
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("openid", required(call, "openid", 41009));
    call.parameter("lang")
        .filter(lang -> !lang.isBlank())
        .ifPresent(lang -> query.put("lang", lang));
    return wechat.get(account, USER_INFO, query, caller);
  }

  /**
   * A POST with a body: a customer-service message (POST /cgi-bin/message/custom/send), a template
   * message (POST /cgi-bin/message/template/send), or a template list asked for by POST.
   */
  public WeChatAnswer post(
      Account account, UdeskCall call, String contentType, byte[] body, OnBehalfOf caller) {
    // the follower's message: content, so FINE only (RelayedCalls logs the call itself)
    LOG.fine(
        () ->
            account.appId()
                + ": Udesk call "
                + call.operation()
                + " body: "
                + new String(body, StandardCharsets.UTF_8));
    return switch (call.operation()) {
      case SEND_MESSAGE -> {
        Optional<byte[]> template = templateMessages.postedAsCustomerMessage(body);
        yield template.isPresent()
            ? wechat.postJson(
                account, TEMPLATE_SEND, template.get(), RetrySafety.SENDS_MESSAGE, caller)
            : wechat.postJson(
                account,
                CUSTOM_SEND,
                customerMessages.toWeChatJson(contentType, body),
                RetrySafety.SENDS_MESSAGE,
                caller);
      }
      case TEMPLATE_SEND ->
          wechat.postJson(
              account,
              TEMPLATE_SEND,
              templateMessages.check(body),
              RetrySafety.SENDS_MESSAGE,
              caller);
      case TEMPLATE_LIST -> {
        Optional<byte[]> message = templateMessages.postedToList(contentType, body);
        yield message.isPresent()
            ? wechat.postJson(
                account, TEMPLATE_SEND, message.get(), RetrySafety.SENDS_MESSAGE, caller)
            : wechat.get(account, TEMPLATE_LIST, Map.of(), caller);
      }
      default -> throw new IllegalArgumentException("not a POST with a body: " + call.operation());
    };
  }

  /**
   * GET ?media_id= (GET /cgi-bin/media/get), streamed; Udesk's placeholder access_token is not
   * passed on.
   */
  public MediaDownload download(Account account, UdeskCall call, OnBehalfOf caller) {
    return wechat.downloadMedia(account, required(call, "media_id", 41006), caller);
  }

  private static String required(UdeskCall call, String name, int errcode) {
    return call.parameter(name)
        .filter(value -> !value.isBlank())
        .orElseThrow(() -> UdeskCallException.missing(errcode, name));
  }

  /**
   * A message's body, at most 1 MiB, read before the call takes one of the relay's permits: a
   * caller that stalls mid-body must not hold one (a probe: 64 stalled sends refused every agent's
   * messages 503 for 30 s).
   */
  public static byte[] message(InputStream request) {
    try {
      byte[] body = request.readNBytes(MAX_MESSAGE_BYTES + 1);
      if (body.length > MAX_MESSAGE_BYTES) {
        RefusedBody.dropRest(request);
        throw UdeskCallException.bodyTooLarge(MAX_MESSAGE_BYTES);
      }
      return body;
    } catch (IOException cutOff) {
      throw UdeskCallException.cutOff("the request body");
    }
  }
}
