package io.wxbridge.videorecall.entity;

/**
 * Fired (CDI event) after every attempt to call Udesk's QR-code API, retries included: what the
 * metrics count, and so how often a call was repeated.
 *
 * @param outcome "answered" (Udesk sent an answer, whatever it said), or how the call failed:
 *     "not_connected" (retried), "timed_out" or "no_answer" (never retried)
 */
public record UdeskVideoAttempt(String outcome) {}
