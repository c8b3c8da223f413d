-- The retention's delete of delivered pushes ranges over the time Udesk answered them (docs/inbox.md,
-- "Housekeeping"). Without this index it read every delivered push kept (7 days of them by default) at each prune:
-- over a second on a busy instance, longer than a prune's share of a redelivery pass, so that no prune ever got
-- further and each pass spent its share rereading them (the benchmark's backlog after Udesk was down went 30 a
-- second instead of 500). Only delivered pushes have answered_at; the others are NULL.
-- IF NOT EXISTS: H2 commits the CREATE before Flyway records it, and a crash between must not fail every later start.
CREATE INDEX IF NOT EXISTS inbox_push_answered ON inbox_push (answered_at);
