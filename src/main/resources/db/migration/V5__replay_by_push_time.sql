-- The plaintext replay record, keyed by the push's own timestamp (seconds, from its signed query) first:
-- WeChat's timestamps rise with time, so each new record goes to the end of the key instead of a random page of
-- it (keyed by a hash first, every record dirtied a random index page that the next commit wrote out again:
-- 54 against 24 microseconds a record, and a file 13 times larger, in an H2 test of 600,000 records with 5 per
-- commit). The same key prunes by time, so the index on seen_at goes. The records of the last
-- 2 x bridge.push.max-clock-skew + 60 s are not carried over (their timestamps were not stored); see
-- docs/inbox.md, "Upgrading across V5".
DROP TABLE push_replay;
CREATE TABLE push_replay (
  pushed_at BIGINT NOT NULL,
  app_id VARCHAR(64) NOT NULL,
  query_hash VARCHAR(64) NOT NULL,
  body_hash VARCHAR(64) NOT NULL,
  PRIMARY KEY (pushed_at, app_id, query_hash)
);
