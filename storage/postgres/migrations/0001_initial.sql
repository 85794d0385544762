-- Users, their sessions, and the sessions' refresh tokens.
-- Times are timestamptz written from the caller's clock (microseconds).

CREATE TABLE users (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  telegram_id bigint NOT NULL UNIQUE,
  first_name  text NOT NULL DEFAULT '',
  last_name   text NOT NULL DEFAULT '',
  username    text NOT NULL DEFAULT '',
  photo_url   text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);

CREATE TABLE sessions (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  sign_in_method    text NOT NULL DEFAULT '',
  user_agent        text NOT NULL DEFAULT '',
  ip_address        text NOT NULL DEFAULT '',
  device_name       text NOT NULL DEFAULT '',
  created_at        timestamptz NOT NULL,
  expires_at        timestamptz NOT NULL,
  last_refreshed_at timestamptz NULL,
  revoked_at        timestamptz NULL
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

-- Only the SHA-256 of a refresh token is kept. A rotated token keeps its row
-- (rotated_at, replaced_by = its successor's hash) so reuse can be detected.
CREATE TABLE refresh_tokens (
  token_hash  bytea PRIMARY KEY,
  session_id  uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  rotated_at  timestamptz NULL,
  replaced_by bytea NULL
);
CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id);
