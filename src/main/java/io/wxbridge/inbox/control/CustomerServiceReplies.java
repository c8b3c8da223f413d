package io.wxbridge.inbox.control;

import static io.wxbridge.SharedJson.JSON;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.inbox.entity.ReplySend;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.wechatapi.control.WeChatApi;
import io.wxbridge.wechatapi.control.WeChatApiException;
import io.wxbridge.wechatapi.entity.RetrySafety;
import io.wxbridge.wechatapi.entity.WeChatAnswer;
import io.wxbridge.wechatxml.entity.PassiveAnswer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A passive reply WeChat can no longer take (it was answered empty already: Udesk answered late, or
 * the push was redelivered) goes to the follower as the equivalent customer-service message (POST
 * /cgi-bin/message/custom/send,
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html),
 * with the account's token, through {@link WeChatApi}, which never re-sends a message that may have
 * reached WeChat.
 */
@ApplicationScoped
public class CustomerServiceReplies {
  private static final Logger LOG = Logger.getLogger(CustomerServiceReplies.class.getName());
  static final String CUSTOM_SEND = "/cgi-bin/message/custom/send";

  @Inject InboxXml xml;
  @Inject WeChatApi wechat;

  /**
   * One try; never throws. WeChat's -1 (busy) after the API's own retries and a call that was not
   * made (unreachable, no token) count as {@link ReplySend#UNANSWERED}: the inbox tries again
   * rather than drop Udesk's answer. One that went out and got no conclusive answer (none in time,
   * one that broke off, a 5xx) is {@link ReplySend#UNCERTAIN}: it may have reached the follower.
   *
   * @param description the push's label, which names the request that brought it (in WeChat's lines
   *     too)
   */
  public ReplySend send(Account account, byte[] answer, String follower, String description) {
    Optional<byte[]> message = toCustomerMessage(answer, follower);
    if (message.isEmpty()) {
      if (!PassiveAnswer.saysNothing(answer)) {
        LOG.warning(
            () ->
                description
                    + ": Udesk's late answer is not a passive reply the bridge can send as a "
                    + "customer-service message (not well-formed XML, or another type); not sent");
      }
      return ReplySend.SENT;
    }
    try {
      WeChatAnswer sent =
          wechat.postJson(
              account,
              CUSTOM_SEND,
              message.get(),
              RetrySafety.SENDS_MESSAGE,
              OnBehalfOf.push(description));
      int errcode = sent.errcode().orElse(0);
      ReplySend outcome =
          sent.status() == 200 && errcode == 0
              ? ReplySend.SENT
              : sent.status() >= 500
                  ? ReplySend.UNCERTAIN // WeChat's gateway: it may have reached the API behind it
                  : sent.busy() ? ReplySend.UNANSWERED : ReplySend.REFUSED;
      LOG.log(
          outcome == ReplySend.SENT ? Level.INFO : Level.WARNING,
          "{0}: Udesk''s reply to {1} went to the follower as a customer-service message: {2}",
          new Object[] {
            account.appId(),
            description,
            outcome == ReplySend.SENT
                ? "sent"
                : "WeChat answered HTTP " + sent.status() + ", errcode " + errcode + again(outcome)
          });
      return outcome;
    } catch (RuntimeException failed) {
      ReplySend outcome =
          failed instanceof WeChatApiException unanswered && unanswered.mayHaveBeenCarriedOut()
              ? ReplySend.UNCERTAIN
              : ReplySend.UNANSWERED;
      LOG.log(
          Level.WARNING,
          "{0}: Udesk''s reply to {1} could not be sent as a customer-service message now ({2}){3}",
          new Object[] {
            account.appId(),
            description,
            failed.getClass().getSimpleName() + ": " + failed.getMessage(),
            again(outcome)
          });
      return outcome;
    }
  }

  private static String again(ReplySend outcome) {
    return switch (outcome) {
      case UNANSWERED -> "; tried again later";
      case UNCERTAIN ->
          "; it may have reached the follower: sent again 30 s later unless it was so once already"
              + " (then given up)";
      default -> "";
    };
  }

  /**
   * The customer-service JSON for a passive reply (text, image, voice, video, music, news); empty
   * when Udesk's answer has nothing to say ({@link PassiveAnswer#saysNothing}) or is not a passive
   * reply of these types.
   */
  Optional<byte[]> toCustomerMessage(byte[] answer, String follower) {
    if (PassiveAnswer.saysNothing(answer)) {
      return Optional.empty();
    }
    Optional<Map<String, String>> parsed = xml.fields(answer);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> reply = parsed.get();
    String type = reply.getOrDefault("MsgType", "").strip().toLowerCase(Locale.ROOT);
    // always the push's follower, whatever the reply's ToUserName says: a passive reply can reach
    // no one else, and seed 000's example reply keeps the push's ToUserName (the account) unswapped
    JsonObjectBuilder body =
        JSON.createObjectBuilder().add("touser", follower).add("msgtype", type);
    switch (type) {
      case "text" ->
          body.add(
              "text", JSON.createObjectBuilder().add("content", reply.getOrDefault("Content", "")));
      case "image" -> body.add("image", mediaId(reply, "Image"));
      case "voice" -> body.add("voice", mediaId(reply, "Voice"));
      case "video" ->
          body.add(
              "video",
              mediaId(reply, "Video")
                  .add("title", reply.getOrDefault("Video/Title", ""))
                  .add("description", reply.getOrDefault("Video/Description", "")));
      case "music" ->
          body.add(
              "music",
              JSON.createObjectBuilder()
                  .add("title", reply.getOrDefault("Music/Title", ""))
                  .add("description", reply.getOrDefault("Music/Description", ""))
                  .add("musicurl", reply.getOrDefault("Music/MusicUrl", ""))
                  .add("hqmusicurl", reply.getOrDefault("Music/HQMusicUrl", ""))
                  .add("thumb_media_id", reply.getOrDefault("Music/ThumbMediaId", "")));
      case "news" -> body.add("news", JSON.createObjectBuilder().add("articles", articles(reply)));
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(body.build().toString().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObjectBuilder mediaId(Map<String, String> reply, String element) {
    return JSON.createObjectBuilder().add("media_id", reply.getOrDefault(element + "/MediaId", ""));
  }

  private static JsonArrayBuilder articles(Map<String, String> reply) {
    JsonArrayBuilder articles = JSON.createArrayBuilder();
    for (int i = 1; reply.containsKey(item(i, "Title")) || reply.containsKey(item(i, "Url")); i++) {
      articles.add(
          JSON.createObjectBuilder()
              .add("title", reply.getOrDefault(item(i, "Title"), ""))
              .add("description", reply.getOrDefault(item(i, "Description"), ""))
              .add("url", reply.getOrDefault(item(i, "Url"), ""))
              .add("picurl", reply.getOrDefault(item(i, "PicUrl"), "")));
    }
    return articles;
  }

  private static String item(int index, String field) {
    return "Articles/item" + (index > 1 ? "[" + index + "]" : "") + "/" + field;
  }
}
