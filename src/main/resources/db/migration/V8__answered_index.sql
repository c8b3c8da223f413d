-- The retention's delete of delivered pushes ranges over when Udesk answered them instead of reading every
-- delivered push kept (docs/inbox.md, "Housekeeping", says why and what the build costs on PostgreSQL). The state
-- comes first: H2 sorts NULLs (every push not delivered) first, and a range on answered_at alone began with them.
-- IF NOT EXISTS: H2 commits the CREATE before Flyway records it, and a crash between must not fail every later start;
-- an index of this name created by hand beforehand (CONCURRENTLY) is kept.
CREATE INDEX IF NOT EXISTS inbox_push_answered ON inbox_push (state, answered_at);
