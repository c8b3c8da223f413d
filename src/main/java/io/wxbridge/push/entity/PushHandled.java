package io.wxbridge.push.entity;

import io.wxbridge.accounts.entity.AppId;
import java.time.Duration;

/**
 * Fired (CDI event) once for every push that passed its checks, when WeChat's answer is known: what
 * the metrics count. Carries nothing of the message but its type.
 *
 * @param encrypted compatible or safe mode (the two cannot be told apart: both are
 *     encrypt_type=aes)
 * @param msgType WeChat's MsgType as sent (unchecked, so for a label it must be bounded); null when
 *     the decrypted message is not XML
 * @param elapsed from the request's arrival to WeChat's answer
 */
public record PushHandled(
    AppId appId, boolean encrypted, String msgType, PushReply reply, Duration elapsed) {}
