-- The signed video-recall requests already accepted (docs/video-recall.md, "Replays"), so that every instance on a
-- shared database refuses a replay: the request's own timestamp (seconds, from its signed headers) first, so that
-- each new record goes to the end of the key and old ones are deleted by a range, then SHA-256 of its timestamp and
-- nonce (a nonce is as long as a header may be).
CREATE TABLE video_accepted_request (
  signed_at BIGINT NOT NULL,
  request_hash VARCHAR(64) NOT NULL,
  PRIMARY KEY (signed_at, request_hash)
);
