package io.wxbridge.wechatapi.control;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What of WeChat's answer to a media download reaches Udesk, and whether it may be JSON. */
final class MediaAnswers {
  private MediaAnswers() {}

  /** Content-Type, Content-Disposition and Content-Length as WeChat sent them. */
  static Map<String, String> passedOn(Response response) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name :
        new String[] {
          HttpHeaders.CONTENT_TYPE, "Content-Disposition", HttpHeaders.CONTENT_LENGTH
        }) {
      String value = response.getHeaderString(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    return headers;
  }

  /**
   * WeChat answers JSON (video_url, errcode) as application/json, and on some endpoints as
   * text/plain.
   */
  static boolean mayBeJson(String contentType) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    return type.isEmpty() || type.contains("json") || type.startsWith("text/");
  }
}
