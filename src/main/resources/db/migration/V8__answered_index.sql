-- The retention's delete of delivered pushes ranges over the time Udesk answered them (docs/inbox.md,
-- "Housekeeping"). Without this index it read every delivered push kept (7 days of them by default) at each prune:
-- over a second on a busy instance, longer than a prune's share of a redelivery pass, so that no prune ever got
-- further and each pass spent its share rereading them (the benchmark's backlog after Udesk was down went 30 a
-- second instead of 500). The state comes first: H2 sorts NULLs (every push not delivered) first, and a range on
-- answered_at alone began with all of them.
-- On PostgreSQL the build blocks writes to inbox_push for its length (seconds for millions of rows): upgrade when
-- the traffic is low, or create the index CONCURRENTLY by hand before (the same name: this then does nothing).
-- IF NOT EXISTS: H2 commits the CREATE before Flyway records it, and a crash between must not fail every later start.
CREATE INDEX IF NOT EXISTS inbox_push_answered ON inbox_push (state, answered_at);
