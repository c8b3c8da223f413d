package io.wxbridge.push.boundary;

import io.wxbridge.push.entity.SignedQuery;
import jakarta.ws.rs.QueryParam;

/** The query parameters WeChat adds to every call of the server URL. */
public class PushQuery {
  @QueryParam("signature")
  String signature;

  @QueryParam("timestamp")
  String timestamp;

  @QueryParam("nonce")
  String nonce;

  @QueryParam("echostr")
  String echostr;

  @QueryParam("encrypt_type")
  String encryptType;

  @QueryParam("msg_signature")
  String msgSignature;

  SignedQuery signed() {
    return new SignedQuery(signature, timestamp, nonce, encryptType, msgSignature);
  }
}
