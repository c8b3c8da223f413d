package io.wxbridge.inbox.entity;

/**
 * Udesk's late answer to a delivered push, which was going to the follower as a customer-service
 * message when the instance sending it stopped before it recorded the send.
 *
 * @param reply Udesk's answer exactly as received
 */
public record UnsentReply(InboxEntry push, byte[] reply) {}
