/**
 * The one way the bridge calls out over HTTP with MicroProfile REST clients: owns building them
 * (timeouts, connection pooling, POSTs re-sent by the engine only where the caller allows it) and
 * classifying their failures ({@code CallFailure}). Calls no other feature; used by forward, token,
 * wechatapi and videorecall.
 */
package io.wxbridge.outbound;
