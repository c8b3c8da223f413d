-- The signed video-recall requests already accepted (docs/video-recall.md), so that every instance on a shared
-- database refuses a replay: the request's own timestamp (seconds, from its signed headers) first, so that each new
-- record goes to the end of the key and old ones are deleted by a range, then SHA-256 of its timestamp and nonce.
CREATE TABLE video_nonce (
  signed_at BIGINT NOT NULL,
  nonce_hash VARCHAR(64) NOT NULL,
  PRIMARY KEY (signed_at, nonce_hash)
);
