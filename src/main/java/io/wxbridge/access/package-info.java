/**
 * Who may call a face of the bridge. The Udesk face can send messages to any follower and has no
 * authentication of its own (Udesk signs nothing), so an administrator can restrict its callers to
 * a list of networks. The check is a name-bound JAX-RS filter ({@code @RestrictedCallers}) so any
 * face can reuse it with its own list; {@code X-Forwarded-For} is believed only from configured
 * reverse proxies. Calls no other feature but text (its digest, to compare keys in constant time);
 * relay and videorecall use it.
 */
package io.wxbridge.access;
