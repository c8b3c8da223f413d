-- token-mode=classic on several instances (docs/inbox.md): one access token per account, shared through the
-- database, so that one instance fetches and the others use it (a classic fetch invalidates the previous token).
-- The token is a secret: restrict access to this table as to the bridge's configuration.
CREATE TABLE shared_token (
  app_id VARCHAR(64) NOT NULL PRIMARY KEY,
  token VARCHAR(600),
  obtained_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
