-- A late reply whose send to WeChat ended without a conclusive answer after the request went out (no answer in
-- time, an answer that broke off, a 5xx of WeChat's gateway) may have reached the follower. It is sent once more at
-- most (docs/inbox.md, "Late answers"): this counts such sends. Older instances leave it 0.
ALTER TABLE inbox_push ADD COLUMN reply_uncertain_sends INT DEFAULT 0 NOT NULL;
