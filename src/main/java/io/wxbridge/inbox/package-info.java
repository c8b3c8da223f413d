/**
 * The durable inbox (docs/inbox.md): every checked push is committed to a database before it is
 * forwarded, WeChat's retries are answered from it on any instance, pushes Udesk did not take are
 * redelivered in order per follower, late answers reach the follower as customer-service messages,
 * and plaintext pushes are protected against replays. H2 under bridge.data-dir by default,
 * PostgreSQL (bridge.datasource) for several instances.
 */
package io.wxbridge.inbox;
