package io.wxbridge.videorecall.control;

import static io.wxbridge.SharedJson.JSON;

import io.wxbridge.ProblemException;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.text.entity.JsonText;
import io.wxbridge.videorecall.entity.QrCodeDelivered;
import io.wxbridge.videorecall.entity.QrImage;
import io.wxbridge.videorecall.entity.UdeskQrCode;
import io.wxbridge.wechatapi.control.WeChatApi;
import io.wxbridge.wechatapi.entity.MediaUpload;
import io.wxbridge.wechatapi.entity.RetrySafety;
import io.wxbridge.wechatapi.entity.WeChatAnswer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Sends a QR code to the follower: fetches the image, uploads it as temporary image media and sends
 * it as an image customer-service message. The caller gets one JSON answer holding Udesk's answer
 * and WeChat's two answers as received, headed by errcode/errmsg: 0 when the image was sent, else
 * WeChat's code from the step that failed (e.g. 45015 when the follower has not written within 48
 * hours), so a caller checks one field and still has the QR code URL.
 */
@ApplicationScoped
public class QrCodeDelivery {

  /** POST /cgi-bin/message/custom/send: WeChat's customer-service message. */
  static final String CUSTOM_SEND = "/cgi-bin/message/custom/send";

  static final String IMAGE = "image";
  private static final int SYSTEM_ERROR = -1;

  @Inject QrImageFetcher images;
  @Inject WeChatApi wechat;

  /**
   * @return the combined answer, {"errcode","errmsg","qrcode"[,"upload"[,"send"]]}, with its
   *     errcode: also when the image could not be fetched, or WeChat not be reached (WeChat's -1)
   */
  public QrCodeDelivered deliver(
      Account account, String openid, UdeskQrCode qrCode, OnBehalfOf caller) {
    JsonObject udesk = qrCode.json();
    // Udesk has issued the QR code: a step that fails from here on is reported beside it, never
    // instead of it (a caller that tried again would have another QR code made)
    JsonObject uploaded;
    try {
      uploaded =
          object(
              wechat.uploadMedia(account, IMAGE, media(images.fetch(qrCode.qrCodeUrl())), caller),
              "upload");
    } catch (ProblemException | UncheckedIOException failed) {
      String why =
          failed instanceof ProblemException problem
              ? problem.getMessage()
              : "the bridge could not keep the image (" + failed.getClass().getSimpleName() + ")";
      return combined(
          failed instanceof ProblemException problem ? problem.errcode() : SYSTEM_ERROR,
          why.contains("nothing was sent") ? why : why + "; nothing was sent",
          udesk,
          null,
          null);
    }
    Optional<String> mediaId = text(uploaded, "media_id");
    if (errcode(uploaded) != 0 || mediaId.isEmpty()) {
      int code = errcode(uploaded) != 0 ? errcode(uploaded) : SYSTEM_ERROR;
      return combined(
          code,
          "WeChat did not take the QR image as media (see upload); nothing was sent",
          udesk,
          uploaded,
          null);
    }
    WeChatAnswer sent;
    JsonObject sendAnswer;
    try {
      sent =
          wechat.postJson(
              account,
              CUSTOM_SEND,
              imageMessage(openid, mediaId.get()),
              RetrySafety.SENDS_MESSAGE,
              caller);
      sendAnswer = object(sent, "send");
    } catch (ProblemException failed) {
      return combined(
          failed.errcode(),
          "the image message's send failed (" + failed.getMessage() + ")",
          udesk,
          uploaded,
          null);
    }
    int code = sendErrcode(sent);
    return combined(
        code,
        code == 0 ? "ok" : "WeChat refused the image message (see send)",
        udesk,
        uploaded,
        sendAnswer);
  }

  private static MediaUpload media(QrImage image) {
    byte[] bytes = image.bytes();
    return new MediaUpload(
        image.fileName(),
        image.type().contentType(),
        new ByteArrayInputStream(bytes),
        bytes.length);
  }

  /** {"touser":…,"msgtype":"image","image":{"media_id":…}} */
  static byte[] imageMessage(String openid, String mediaId) {
    return JSON.createObjectBuilder()
        .add("touser", openid)
        .add("msgtype", IMAGE)
        .add(IMAGE, JSON.createObjectBuilder().add("media_id", mediaId))
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  private static QrCodeDelivered combined(
      int errcode, String errmsg, JsonObject udesk, JsonObject upload, JsonObject send) {
    JsonObjectBuilder answer =
        JSON.createObjectBuilder()
            .add("errcode", errcode)
            .add("errmsg", errmsg)
            .add("qrcode", udesk);
    if (upload != null) {
      answer.add("upload", upload);
    }
    if (send != null) {
      answer.add("send", send);
    }
    return new QrCodeDelivered(
        errcode, errmsg, answer.build().toString().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject object(WeChatAnswer answer, String step) {
    return JsonText.answer(answer.body())
        .filter(value -> value.getValueType() == JsonValue.ValueType.OBJECT)
        .map(JsonValue::asJsonObject)
        .orElseThrow(() -> VideoRecallException.unreadableWeChatAnswer(step, answer.status()));
  }

  private static int errcode(JsonObject answer) {
    return answer.get("errcode") instanceof JsonNumber number && number.isIntegral()
        ? number.intValue()
        : 0;
  }

  /**
   * WeChat answers every custom/send with an errcode, 0 when it took the message: an answer without
   * one (a gateway's JSON error page, {}) is not a sent message.
   */
  static int sendErrcode(WeChatAnswer answer) {
    return answer.errcode().orElse(SYSTEM_ERROR);
  }

  private static Optional<String> text(JsonObject answer, String field) {
    return answer.get(field) instanceof JsonString value && !value.getString().isBlank()
        ? Optional.of(value.getString())
        : Optional.empty();
  }
}
