-- What operators do to users and invite codes (AdminService): block a user,
-- erase one, disable a code, list users a page at a time.

-- An erased user keeps its row (and id, which revoked sessions and invite
-- redemptions still name) with every personal field cleared; its Telegram
-- id is released (NULL) so the account can sign up again as a new user.
ALTER TABLE users
  ALTER COLUMN telegram_id DROP NOT NULL,
  ADD COLUMN blocked_at     timestamptz NULL,
  ADD COLUMN blocked_reason text NOT NULL DEFAULT '',
  ADD COLUMN deleted_at     timestamptz NULL;
-- ListUsers pages newest first by (created_at, id).
CREATE INDEX users_created_at_idx ON users (created_at DESC, id DESC);
-- GetUser by username (Telegram usernames are case-insensitive).
CREATE INDEX users_username_idx ON users (lower(username)) WHERE username <> '';

-- A disabled code is refused like an unknown one; its redemptions stay.
ALTER TABLE invite_codes ADD COLUMN disabled_at timestamptz NULL;
