package io.wxbridge.forward.entity;

import io.wxbridge.accounts.entity.AppId;

/**
 * Fired (CDI event) after every attempt to hand a push to Udesk's message URL, first attempts and
 * the inbox's redeliveries alike: what the metrics time. {@code delivery.elapsed()} is the time
 * Udesk took (or the deadline that passed).
 */
public record ForwardAttempt(AppId appId, UdeskDelivery delivery) {}
