/**
 * What the bridge does with a WeChat push: check it (signature, msg_signature, AES, AppID),
 * recognise WeChat's retries, forward the message to Udesk through {@code io.wxbridge.forward}, and
 * turn Udesk's answer into WeChat's (encrypted again in compatible and safe mode). Nothing here
 * trusts a push before its signature is checked, and nothing that fails a check is forwarded.
 */
package io.wxbridge.push.control;
