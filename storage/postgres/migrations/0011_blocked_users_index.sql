-- Every replica reloads the set of blocked Telegram accounts every second
-- (list_blocked_telegram_ids.sql, server/session/blocked_accounts.h), so the
-- bot refuses a blocked sender without reading the users table for each
-- update. Blocked users are few: this index holds only them.
CREATE INDEX users_blocked_idx ON users (telegram_id) WHERE blocked_at IS NOT NULL;
