-- The Telegram ids of every blocked user (an erased user has none), read
-- through users_blocked_idx (migrations/0011_blocked_users_index.sql).
SELECT telegram_id FROM users WHERE blocked_at IS NOT NULL AND telegram_id IS NOT NULL
