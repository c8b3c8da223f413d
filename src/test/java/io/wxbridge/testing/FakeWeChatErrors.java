package io.wxbridge.testing;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** WeChat's errmsg for each errcode the fake answers, with a request id as WeChat appends one. */
final class FakeWeChatErrors {
  private static final Map<Integer, String> MESSAGES =
      Map.ofEntries(
          Map.entry(-1, "system error"),
          Map.entry(
              40001,
              "invalid credential, access_token is invalid or not latest, could get access_token by"
                  + " getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r"),
          Map.entry(40003, "invalid openid"),
          Map.entry(40004, "invalid media type"),
          Map.entry(40007, "invalid media_id"),
          Map.entry(40008, "invalid message type"),
          Map.entry(40013, "invalid appid"),
          Map.entry(40014, "invalid access_token"),
          Map.entry(40037, "invalid template_id"),
          Map.entry(40125, "invalid appsecret"),
          Map.entry(40243, "AppSecret已被冻结，请登录MP解冻后再次调用。"),
          Map.entry(41001, "access_token missing"),
          Map.entry(41002, "appid missing"),
          Map.entry(41004, "appsecret missing"),
          Map.entry(41005, "media data missing"),
          Map.entry(42001, "access_token expired"),
          Map.entry(43004, "require subscribe"),
          Map.entry(44002, "empty post data"),
          Map.entry(45008, "article size out of limit"),
          Map.entry(45009, "reach max api daily quota limit"),
          Map.entry(45015, "response out of time limit or subscription is canceled"),
          Map.entry(45047, "out of response count limit"),
          Map.entry(47001, "data format error"),
          Map.entry(48001, "api unauthorized"));

  private FakeWeChatErrors() {}

  /** The JSON WeChat answers for an errcode; 40164 names the caller's IP as WeChat does. */
  static String json(int errcode, String callerIp) {
    String message =
        errcode == 40164
            ? "invalid ip " + callerIp + " ipv6 ::ffff:" + callerIp + ", not in whitelist"
            : MESSAGES.getOrDefault(errcode, "error");
    if (errcode != -1) {
      message += " rid: " + rid();
    }
    return "{\"errcode\":" + errcode + ",\"errmsg\":\"" + message + "\"}";
  }

  private static String rid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return String.format("%08x-%08x-%08x", random.nextInt(), random.nextInt(), random.nextInt());
  }
}
