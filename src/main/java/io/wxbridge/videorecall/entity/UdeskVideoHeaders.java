package io.wxbridge.videorecall.entity;

/**
 * The names of the four authentication headers (bridge.video.header.*). Their defaults, in
 * microprofile-config.properties, are spelled as Udesk's video-recall document spells them (appId,
 * nonce, timestap, token; docs/protocol.md §9); they are configuration because that document gives
 * no example request and Udesk may spell them otherwise.
 */
public record UdeskVideoHeaders(String appId, String nonce, String timestamp, String token) {}
