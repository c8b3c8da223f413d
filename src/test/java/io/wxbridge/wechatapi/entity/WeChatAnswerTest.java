package io.wxbridge.wechatapi.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WeChatAnswerTest {
  @Test
  void findsWeChatsErrcode() {
    assertEquals(
        OptionalInt.of(40001),
        answer("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}").errcode());
    assertEquals(
        OptionalInt.of(-1), answer("  {\"errcode\":-1,\"errmsg\":\"system error\"}").errcode());
    assertEquals(
        OptionalInt.of(0),
        answer("{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":200228332}").errcode());
    // after a byte-order mark a proxy added: read as the token's reader reads it, so a rejected
    // token is still dropped and a -1 still retried
    assertEquals(
        OptionalInt.of(40001),
        answer("\uFEFF{\"errcode\":40001,\"errmsg\":\"invalid credential\"}").errcode());
  }

  @Test
  void successAnswersAndNonJsonHaveNone() {
    assertEquals(OptionalInt.empty(), answer("{\"subscribe\":1,\"openid\":\"o1\"}").errcode());
    assertEquals(OptionalInt.empty(), answer("<html>busy</html>").errcode());
    assertEquals(OptionalInt.empty(), answer("{\"errcode\":").errcode());
    assertEquals(OptionalInt.empty(), answer("").errcode());
    // WeChat's answer to a send that went out: never a 500 for the reading of it
    assertEquals(
        OptionalInt.empty(),
        answer("{\"errcode\":0,\"x\":" + "[".repeat(1_500) + "]".repeat(1_500) + "}").errcode());
  }

  private static WeChatAnswer answer(String body) {
    return new WeChatAnswer(200, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }
}
