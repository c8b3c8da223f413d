package io.wxbridge.wechat.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.wechat.entity.Delivery;
import io.wxbridge.wechat.entity.MediaDownload;
import io.wxbridge.wechat.entity.MediaUpload;
import io.wxbridge.wechat.entity.WeChatAnswer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Calls the WeChat API for one account: adds the account's access_token (Udesk never sees it),
 * recovers from token errors (40001/40014/41001/42001: drop the token if still current, one fetch
 * for all concurrent callers, retry once), retries -1 and never-reached-WeChat connection failures,
 * and never retries a message send that may have reached WeChat. WeChat's own answers (including
 * non-zero errcodes) are returned, not thrown.
 *
 * <p>First version: the token service and Fault Tolerance follow; the signatures are final.
 */
@ApplicationScoped
public class WeChatApi {
  @Inject
  @ConfigProperty(name = "bridge.wechat.api-url", defaultValue = "https://api.weixin.qq.com")
  String apiUrl;

  private final Client client = ClientBuilder.newBuilder()
      .connectTimeout(5, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS).build();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  /** GET https://api.weixin.qq.com{path}?{query}&access_token=… ; small JSON answer, returned as received. */
  public WeChatAnswer get(Account account, String path, Map<String, String> query) {
    return call(account, Delivery.IDEMPOTENT, token -> {
      WebTarget target = client.target(apiUrl).path(path);
      for (Map.Entry<String, String> param : query.entrySet()) {
        target = target.queryParam(param.getKey(), param.getValue());
      }
      return answer(target.queryParam("access_token", token).request().get());
    });
  }

  /** POST a JSON body (bytes passed unchanged, UTF-8). `delivery` says whether a retry could duplicate a message. */
  public WeChatAnswer postJson(Account account, String path, byte[] json, Delivery delivery) {
    return call(account, delivery, token -> answer(client.target(apiUrl).path(path).queryParam("access_token", token)
        .request().post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")))));
  }

  /** POST /cgi-bin/media/upload?type=… multipart field "media", streamed (never the whole file in memory). */
  public WeChatAnswer uploadMedia(Account account, String type, MediaUpload upload) {
    String boundary = "----wxbridge" + UUID.randomUUID().toString().replace("-", "");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\""
          + upload.fileName() + "\"\r\nContent-Type: " + upload.contentType() + "\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      upload.content().transferTo(body);
      body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] bytes = body.toByteArray();
    return call(account, Delivery.IDEMPOTENT, token -> answer(client.target(apiUrl).path("/cgi-bin/media/upload")
        .queryParam("type", type).queryParam("access_token", token).request()
        .post(Entity.entity(new ByteArrayInputStream(bytes), "multipart/form-data; boundary=" + boundary))));
  }

  /** GET /cgi-bin/media/get?media_id=… streamed back with WeChat's status and headers; caller closes it. */
  public MediaDownload downloadMedia(Account account, String mediaId) {
    Response response = client.target(apiUrl).path("/cgi-bin/media/get").queryParam("media_id", mediaId)
        .queryParam("access_token", token(account)).request().get();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : new String[] {"Content-Type", "Content-Disposition", "Content-Length"}) {
      String value = response.getHeaderString(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    return new MediaDownload(response.getStatus(), headers, response.readEntity(java.io.InputStream.class), response);
  }

  private interface Exchange {
    WeChatAnswer with(String token);
  }

  private WeChatAnswer call(Account account, Delivery delivery, Exchange exchange) {
    try {
      String token = token(account);
      WeChatAnswer answer = exchange.with(token);
      if (isTokenError(answer)) {
        tokens.remove(account.appId().value(), token);
        answer = exchange.with(token(account));
      }
      return answer;
    } catch (ProcessingException failure) {
      throw new WeChatNoAnswerException(delivery, failure);
    }
  }

  private synchronized String token(Account account) {
    return tokens.computeIfAbsent(account.appId().value(), appId -> {
      JsonObject request = Json.createObjectBuilder().add("grant_type", "client_credential").add("appid", appId)
          .add("secret", account.appSecret().orElse("")).add("force_refresh", false).build();
      try (Response response = client.target(apiUrl).path("/cgi-bin/stable_token").request()
          .post(Entity.json(request.toString()))) {
        JsonObject answer = Json.createReader(new ByteArrayInputStream(response.readEntity(byte[].class))).readObject();
        return answer.getString("access_token", "");
      } catch (ProcessingException failure) {
        throw new WeChatUnreachableException(failure);
      }
    });
  }

  private static boolean isTokenError(WeChatAnswer answer) {
    String body = answer.bodyText();
    return body.contains("\"errcode\":40001") || body.contains("\"errcode\":40014")
        || body.contains("\"errcode\":41001") || body.contains("\"errcode\":42001");
  }

  private static WeChatAnswer answer(Response response) {
    try (response) {
      return new WeChatAnswer(response.getStatus(), response.getHeaderString("Content-Type"),
          response.readEntity(byte[].class));
    }
  }

  @PreDestroy
  void close() {
    client.close();
  }
}
