package io.wxbridge.relay.control;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A template message Udesk sends (Udesk §7 and UDESK-VIDEO, docs/protocol.md §8): passed to WeChat byte for byte,
 * including miniprogram.agent_id / group_id and client_msg_id, once it is known to be a JSON
 * object. Also tells a template send apart from a template-list request: the spec's own curl
 * example posts a template message to …/message/template/get_all_private_template.
 */
public final class TemplateMessageBody {
  private final SingleJsonObject json = new SingleJsonObject();

  /** @throws UdeskCallException (400) unless the body is a JSON object */
  public byte[] check(byte[] body) {
    if (body.length == 0) {
      throw UdeskCallException.missing(44002, "POST data");
    }
    if (read(body).isEmpty()) {
      throw UdeskCallException.malformed("body is not a JSON object");
    }
    return body;
  }

  /**
   * Whether a body posted to the template-list path is meant as a template message: a JSON
   * object naming a template_id. Checked on the text, so a malformed template message is refused
   * as one (400) instead of being answered with the template list as if it had been sent.
   */
  public boolean isTemplateMessage(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.startsWith("{") && text.contains("\"template_id\"");
  }

  private Optional<JsonObject> read(byte[] body) {
    // Strict UTF-8: the body goes to WeChat byte for byte, so it must be what the check read.
    return json.read(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8.newDecoder()));
  }
}
