package io.wxbridge.forward.entity;

import java.time.Instant;

/**
 * Fired (CDI event) when a push did not reach Udesk: refused, unreachable or timed out. WeChat has
 * already been answered (empty, so it does not retry) and will not send the push again, so this is
 * the only place the message still exists. Today its only observer logs it; a store-and-forward
 * observer can keep {@link UdeskPush#message()} and deliver it later without touching the
 * forwarding.
 *
 * @param mayHaveArrived true after a timeout: Udesk may have received the push, so redelivering it
 *     could show the follower's message twice
 */
public record UndeliveredPush(UdeskPush push, UdeskDelivery outcome, Instant at) {

  public boolean mayHaveArrived() {
    return outcome.status() == UdeskDelivery.Status.TIMED_OUT;
  }
}
