package io.wxbridge.videorecall.entity;

/**
 * The authentication of one request to Udesk's video API: the company's appId, a nonce used once,
 * the time in seconds, and token = sha256_hex(appId&amp;secret&amp;nonce&amp;timestamp). The secret
 * itself is not part of it, so this record is safe to send (and to show).
 */
public record UdeskSignature(String appId, String nonce, long timestamp, String token) {}
