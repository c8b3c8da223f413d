package io.wxbridge.inbox.entity;

/**
 * Udesk's late answer to a delivered push, still to go to the follower as a customer-service
 * message: the instance sending it stopped before it recorded the send, or WeChat's API gave no
 * conclusive answer.
 *
 * @param reply Udesk's answer exactly as received
 * @param answeredAt epoch ms when Udesk's answer was recorded
 */
public record UnsentReply(InboxEntry push, byte[] reply, long answeredAt) {}
