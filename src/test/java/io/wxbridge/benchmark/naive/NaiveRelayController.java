package io.wxbridge.benchmark.naive;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import me.chanjar.weixin.mp.util.crypto.WxMpCryptUtil;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

/**
 * The naive relay's two faces, written as WxJava's own Spring Boot demo writes a portal: a push's
 * signature checked and its message read by WxJava (decrypted first in safe mode), its plaintext
 * posted to Udesk with a {@link RestTemplate}, Udesk's answer handed back (encrypted in safe mode);
 * a customer-service send read from Udesk's form and sent with WxJava's kefu service, which fetches
 * and keeps the token. Like the demo, it logs each push at INFO with its parameters and body
 * (through the JDK's logging: SLF4J has no binding on the test class path). Left out of the demo:
 * its {@code WxMpMessageRouter} (a MsgId memory and a second log line a push), which would only
 * make it slower. Every client with its defaults, but for the one thing a team fixes on its first
 * Chinese message: the push goes to Udesk as UTF-8 (RestTemplate sends a String as ISO-8859-1). No
 * durable inbox, no retry store, no deadline, no bounds of its own.
 *
 * <p>Every parameter is named: the test sources are not compiled with {@code -parameters}, which
 * Spring's own build plugin would add.
 */
@RestController
class NaiveRelayController {
  private static final Logger LOG = Logger.getLogger(NaiveRelayController.class.getName());
  private static final String OK = "{\"errcode\":0,\"errmsg\":\"ok\"}";

  private final Map<String, WxMpService> accounts;
  private final String udeskUrl;
  private final RestTemplate udesk = new RestTemplate();
  private final HttpHeaders xml = new HttpHeaders();

  /**
   * {@code accounts}: appId/token/encodingAesKey/secret, comma-separated, "-" for no key; every
   * account's WeChat API at {@code wechatUrl}.
   */
  NaiveRelayController(
      @Value("${naive.accounts}") String accounts,
      @Value("${naive.udesk-url}") String udeskUrl,
      @Value("${naive.wechat-url}") String wechatUrl) {
    this.udeskUrl = udeskUrl;
    xml.setContentType(MediaType.parseMediaType("text/xml;charset=UTF-8"));
    this.accounts =
        Arrays.stream(accounts.split(","))
            .map(account -> service(account.split("/"), wechatUrl))
            .collect(
                Collectors.toUnmodifiableMap(
                    s -> s.getWxMpConfigStorage().getAppId(), Function.identity()));
  }

  private static WxMpService service(String[] account, String wechatUrl) {
    WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
    config.setAppId(account[0]);
    config.setToken(account[1]);
    config.setAesKey(account[2].equals("-") ? null : account[2]);
    config.setSecret(account[3]);
    WxMpHostConfig hosts = new WxMpHostConfig();
    hosts.setApiHost(wechatUrl);
    config.setHostConfig(hosts);
    WxMpService service = new WxMpServiceImpl();
    service.setWxMpConfigStorage(config);
    return service;
  }

  @PostMapping(path = "/wechat/{appId}", produces = "application/xml;charset=UTF-8")
  String push(
      @PathVariable("appId") String appId,
      @RequestParam("signature") String signature,
      @RequestParam("timestamp") String timestamp,
      @RequestParam("nonce") String nonce,
      @RequestParam(name = "encrypt_type", required = false) String encryptType,
      @RequestParam(name = "msg_signature", required = false) String msgSignature,
      @RequestBody String body) {
    LOG.info(
        () ->
            "push for "
                + appId
                + ": signature="
                + signature
                + ", encrypt_type="
                + encryptType
                + ", msg_signature="
                + msgSignature
                + ", timestamp="
                + timestamp
                + ", nonce="
                + nonce
                + ", body=\n"
                + body);
    WxMpService account = accounts.get(appId);
    if (account == null || !account.checkSignature(timestamp, nonce, signature)) {
      throw new IllegalArgumentException("not WeChat");
    }
    // each push read into WxJava's message, as the demo reads it for its router
    if (!"aes".equals(encryptType)) {
      WxMpXmlMessage.fromXml(body);
      return toUdesk(body);
    }
    WxMpCryptUtil crypto = new WxMpCryptUtil(account.getWxMpConfigStorage());
    String plaintext = crypto.decryptXml(msgSignature, timestamp, nonce, body);
    WxMpXmlMessage.fromXml(plaintext);
    return crypto.encrypt(toUdesk(plaintext));
  }

  private String toUdesk(String push) {
    return udesk.postForObject(udeskUrl, new HttpEntity<>(push, xml), String.class);
  }

  @PostMapping(
      path = "/udesk/{appId}",
      consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  String send(
      @PathVariable("appId") String appId,
      @RequestParam("touser") String touser,
      @RequestParam("text[content]") String content)
      throws WxErrorException {
    accounts
        .get(appId)
        .getKefuService()
        .sendKefuMessage(WxMpKefuMessage.TEXT().toUser(touser).content(content).build());
    return OK;
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<String> refused(IllegalArgumentException e) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(e.getMessage());
  }

  @ExceptionHandler(WxErrorException.class)
  ResponseEntity<String> wechatError(WxErrorException e) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(e.getError().toString());
  }
}
