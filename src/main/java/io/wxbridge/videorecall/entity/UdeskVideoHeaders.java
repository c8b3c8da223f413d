package io.wxbridge.videorecall.entity;

/**
 * The names of the four authentication headers. The defaults are spelled as Udesk's video-recall
 * document spells them (appId, nonce, timestap, token; docs/protocol.md §9); they are configuration because that
 * document gives no example request and Udesk may spell them otherwise.
 */
public record UdeskVideoHeaders(String appId, String nonce, String timestamp, String token) {
  public static final UdeskVideoHeaders SEED = new UdeskVideoHeaders("appId", "nonce", "timestap", "token");
}
