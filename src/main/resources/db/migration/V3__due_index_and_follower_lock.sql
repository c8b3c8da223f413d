-- Redelivery asks "what is due?" after every delivered push; with an OR over two columns that question
-- scanned the whole table (every delivered push kept for bridge.inbox.retention). From now on
-- next_attempt_at is when an open push is next due: the back-off's end while PENDING, the lease's end while
-- SENDING, so one range over inbox_push_due (state, next_attempt_at) answers it.
UPDATE inbox_push SET next_attempt_at = lease_until WHERE state = 'SENDING' AND lease_until IS NOT NULL;

-- One row per follower that has pushed: recording a push locks its follower's row (SELECT ... FOR UPDATE),
-- so two instances recording two pushes of one follower at the same moment cannot both find "nothing open"
-- and forward both (a later push would overtake an earlier one). Pruned with the follower's last push.
CREATE TABLE inbox_follower (
  app_id VARCHAR(64) NOT NULL,
  follower VARCHAR(160) NOT NULL,
  PRIMARY KEY (app_id, follower)
);
INSERT INTO inbox_follower (app_id, follower) SELECT DISTINCT app_id, follower FROM inbox_push WHERE follower <> '';
