/**
 * The durable inbox (docs/inbox.md): every checked push is committed to a database before it is
 * forwarded, WeChat's retries are answered from it on any instance, pushes Udesk did not take are
 * redelivered in order per follower, late answers reach the follower as customer-service messages,
 * and plaintext pushes are protected against replays. H2 under bridge.data-dir by default,
 * PostgreSQL (bridge.datasource) for several instances. May call {@code requests}: a late answer's
 * send to WeChat is logged for the push, whose label names the request that brought it; and {@code
 * wechatxml}, which reads the pushes and replies as the push face does; and {@code text}, whose
 * {@code Digest} hashes pushes for their keys as the push face does.
 */
package io.wxbridge.inbox;
