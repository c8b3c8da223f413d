/**
 * The one way the bridge calls out over HTTP with MicroProfile REST clients: owns building them
 * (timeouts, connection pooling, the transport: Apache HttpClient on both servers, never re-sending
 * a POST) and classifying their failures ({@code CallFailure}); and the bounded, named thread pools
 * that work waiting on an upstream runs on ({@code OutboundPools}). Calls no other feature; used by
 * forward, token, wechatapi, videorecall and inbox, and read by metrics (the pools' gauges).
 */
package io.wxbridge.outbound;
