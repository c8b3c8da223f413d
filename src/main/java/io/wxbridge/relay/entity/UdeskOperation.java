package io.wxbridge.relay.entity;

/**
 * What a call on the simulated domain asks for, each one WeChat API endpoint (Udesk §2–7,
 * docs/protocol.md §8).
 */
public enum UdeskOperation {
  /** POST, no query: POST /cgi-bin/message/custom/send */
  SEND_MESSAGE,
  /** POST ?type=TYPE, multipart field media: POST /cgi-bin/media/upload */
  UPLOAD_MEDIA,
  /** GET ?media_id=…: GET /cgi-bin/media/get */
  GET_MEDIA,
  /** GET ?openid=…[&amp;lang=…]: GET /cgi-bin/user/info */
  USER_INFO,
  /**
   * GET or POST …/template/get_all_private_template: GET /cgi-bin/template/get_all_private_template
   */
  TEMPLATE_LIST,
  /**
   * POST …/message/template/send (or the older …/template/send): POST
   * /cgi-bin/message/template/send
   */
  TEMPLATE_SEND
}
