/**
 * WeChat's face of the bridge: {@code /wechat/{appid}}, the server URL an administrator pastes into
 * the WeChat admin. Thin on purpose: it finds the account, reads the body within its size limit and
 * hands both to {@code io.wxbridge.push.control}.
 */
package io.wxbridge.push.boundary;
