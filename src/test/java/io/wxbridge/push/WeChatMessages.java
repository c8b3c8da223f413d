package io.wxbridge.push;

import io.wxbridge.testing.FakeUdesk;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages and events WeChat pushes (docs/protocol.md), as WeChat sends them (line breaks
 * included), plus types the bridge does not know. Each message is made unique by its sender, which
 * carries a marker: the fake Udesk picks its answer from it (the markers are listed in {@link
 * FakeUdesk}).
 */
public final class WeChatMessages {
  private static final AtomicLong SEQUENCE =
      new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40));

  /** A named message template: %FROM%, %TIME% and %ID% are filled in per message. */
  public record Kind(String name, String template) {
    @Override
    public String toString() {
      return name;
    }
  }

  public static final Kind TEXT =
      kind(
          "text",
          "<MsgType><![CDATA[text]]></MsgType>\n"
              + "<Content><![CDATA[你好，我想咨询一下 😀 <a href=\"x\">&amp;</a>]]></Content>\n<MsgId>%ID%</MsgId>");
  public static final Kind IMAGE =
      kind(
          "image",
          "<MsgType><![CDATA[image]]></MsgType>\n"
              + "<PicUrl><![CDATA[http://mmbiz.qpic.cn/mmbiz_jpg/abc/0]]></PicUrl>\n"
              + "<MediaId><![CDATA[media_id_image_1]]></MediaId>\n<MsgId>%ID%</MsgId>");
  public static final Kind VOICE =
      kind(
          "voice",
          "<MsgType><![CDATA[voice]]></MsgType>\n"
              + "<MediaId><![CDATA[media_id_voice_1]]></MediaId>\n<Format><![CDATA[amr]]></Format>\n"
              + "<MediaId16K><![CDATA[media_id_voice_16k]]></MediaId16K>\n<Recognition><![CDATA[]]></Recognition>\n"
              + "<MsgId>%ID%</MsgId>");
  public static final Kind VIDEO =
      kind(
          "video",
          "<MsgType><![CDATA[video]]></MsgType>\n"
              + "<MediaId><![CDATA[media_id_video_1]]></MediaId>\n<ThumbMediaId><![CDATA[thumb_1]]></ThumbMediaId>\n"
              + "<MsgId>%ID%</MsgId>");
  public static final Kind SHORTVIDEO =
      kind(
          "shortvideo",
          "<MsgType><![CDATA[shortvideo]]></MsgType>\n"
              + "<MediaId><![CDATA[media_id_sv_1]]></MediaId>\n<ThumbMediaId><![CDATA[thumb_2]]></ThumbMediaId>\n"
              + "<MsgId>%ID%</MsgId>");
  public static final Kind LOCATION =
      kind(
          "location",
          "<MsgType><![CDATA[location]]></MsgType>\n"
              + "<Location_X>23.134521</Location_X>\n<Location_Y>113.358803</Location_Y>\n<Scale>20</Scale>\n"
              + "<Label><![CDATA[广州市天河区珠江新城]]></Label>\n<MsgId>%ID%</MsgId>");
  public static final Kind LINK =
      kind(
          "link",
          "<MsgType><![CDATA[link]]></MsgType>\n"
              + "<Title><![CDATA[公众平台官网链接]]></Title>\n<Description><![CDATA[公众平台官网链接]]></Description>\n"
              + "<Url><![CDATA[https://mp.weixin.qq.com/?a=1&b=2]]></Url>\n<MsgId>%ID%</MsgId>");
  public static final Kind SUBSCRIBE_QRSCENE =
      kind(
          "subscribe-qrscene",
          "<MsgType><![CDATA[event]]></MsgType>\n"
              + "<Event><![CDATA[subscribe]]></Event>\n<EventKey><![CDATA[qrscene_123123]]></EventKey>\n"
              + "<Ticket><![CDATA[gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2Fa]]></Ticket>");
  public static final Kind CLICK =
      kind(
          "CLICK",
          "<MsgType><![CDATA[event]]></MsgType>\n"
              + "<Event><![CDATA[CLICK]]></Event>\n<EventKey><![CDATA[V1001_TODAY_MUSIC]]></EventKey>");
  public static final Kind VIEW =
      kind(
          "VIEW",
          "<MsgType><![CDATA[event]]></MsgType>\n"
              + "<Event><![CDATA[VIEW]]></Event>\n<EventKey><![CDATA[https://www.example.com/a?b=1&c=2]]></EventKey>\n"
              + "<MenuId>208379533</MenuId>");
  public static final Kind TEMPLATESENDJOBFINISH =
      kind(
          "TEMPLATESENDJOBFINISH",
          "<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>\n"
              + "<MsgID>%ID%</MsgID>\n<Status><![CDATA[failed:user block]]></Status>");
  public static final Kind UNKNOWN_EVENT =
      kind(
          "unknown-event",
          "<MsgType><![CDATA[event]]></MsgType>\n"
              + "<Event><![CDATA[some_future_event]]></Event>\n<FutureField><Nested a=\"1\">值</Nested></FutureField>");
  public static final Kind UNKNOWN_TYPE =
      kind(
          "unknown-type",
          "<MsgType><![CDATA[miniprogrampage]]></MsgType>\n"
              + "<Title><![CDATA[小程序]]></Title>\n<AppId><![CDATA[wx1234]]></AppId>\n<MsgId>%ID%</MsgId>");

  public static final List<Kind> ALL =
      List.of(
          TEXT,
          IMAGE,
          VOICE,
          VIDEO,
          SHORTVIDEO,
          LOCATION,
          LINK,
          SUBSCRIBE_QRSCENE,
          CLICK,
          VIEW,
          TEMPLATESENDJOBFINISH,
          UNKNOWN_EVENT,
          UNKNOWN_TYPE);

  private WeChatMessages() {}

  private static Kind kind(String name, String body) {
    return new Kind(
        name,
        "<xml>\n<ToUserName><![CDATA[gh_e136c6e50636]]></ToUserName>\n"
            + "<FromUserName><![CDATA[%FROM%]]></FromUserName>\n<CreateTime>%TIME%</CreateTime>\n"
            + body
            + "\n</xml>");
  }

  /**
   * A fresh message of this kind; {@code marker} ends up in FromUserName (e.g. {@link
   * FakeUdesk#MARK_REPLY}).
   */
  public static String of(Kind kind, String marker) {
    long id = SEQUENCE.incrementAndGet();
    return kind.template()
        .replace("%FROM%", "oUser" + id + "-" + marker)
        .replace("%TIME%", Long.toString(System.currentTimeMillis() / 1000))
        .replace("%ID%", Long.toString(6_000_000_000_000_000_000L + id));
  }

  /**
   * The sender of a message made by {@link #of}: unique, so a test finds its own forward at the
   * fake.
   */
  public static String sender(String message) {
    int start = message.indexOf("<FromUserName><![CDATA[") + "<FromUserName><![CDATA[".length();
    return message.substring(start, message.indexOf("]]>", start));
  }
}
