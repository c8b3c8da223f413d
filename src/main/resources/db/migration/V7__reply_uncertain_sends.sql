-- A late reply whose send to WeChat ended without a conclusive answer after the request went out (no answer in
-- time, an answer that broke off, a 5xx of WeChat's gateway) may have reached the follower. It is sent once more at
-- most (docs/inbox.md, "Late answers"): this counts such sends. Older instances leave it 0.
-- IF NOT EXISTS: H2 commits the ALTER before Flyway records it, and a crash between must not fail every later start.
ALTER TABLE inbox_push ADD COLUMN IF NOT EXISTS reply_uncertain_sends INT DEFAULT 0 NOT NULL;
