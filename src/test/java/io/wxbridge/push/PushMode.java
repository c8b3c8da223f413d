package io.wxbridge.push;

/** WeChat's three message modes, as the admin chooses them under "消息加解密方式". */
public enum PushMode {
  /** 明文模式: the message as the body, checked by signature. */
  PLAINTEXT,
  /** 兼容模式: the plaintext fields and the Encrypt element side by side. */
  COMPATIBLE,
  /** 安全模式: only ToUserName and Encrypt. */
  SAFE
}
