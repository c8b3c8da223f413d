package io.wxbridge.forward.control;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Udesk's message URL, as MicroProfile REST Client. Built per account by {@link UdeskInbox} with
 * the account's {@code udesk-url} as base URI (so there is no path here: the URL is used exactly as
 * Udesk shows it, query included).
 */
public interface UdeskMessageClient {

  /**
   * POST {udesk-url} with the WeChat message XML, unchanged, as Udesk's "simulated middleware"
   * document (§1 Receiving Messages, https://www.udesk.cn/doc/thirdparty/simulate_weixin) asks.
   * Udesk answers "" or a passive-reply XML. Synchronous: {@link UdeskInbox} runs it on the
   * account's bounded pool, and a call that waited there past its latest start is never sent.
   */
  @POST
  @Consumes("text/xml; charset=UTF-8")
  @Produces({MediaType.TEXT_XML, MediaType.WILDCARD})
  byte[] receive(byte[] message);
}
