-- A late reply that goes to the follower as a customer-service message (reply_sent = 'SENDING') is held under
-- a lease like an attempt: next_attempt_at is the lease's end. An instance that dies before it records the
-- send leaves the reply due, and the next redelivery pass (on any instance, or this one after a restart)
-- sends it. Every other delivered push is never due again: next_attempt_at is the largest BIGINT, so the due
-- range over inbox_push_due (state, next_attempt_at) reads only the replies in flight, however many delivered
-- pushes the retention keeps. Replies left SENDING by an earlier version keep their old next_attempt_at:
-- they are due at once, and sent.
UPDATE inbox_push SET next_attempt_at = 9223372036854775807
  WHERE state = 'DELIVERED' AND (reply_sent IS NULL OR reply_sent <> 'SENDING');
