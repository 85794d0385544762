-- Invite codes and the subscription tier they activate.
-- A code is kept only as its SHA-256 (code_hash) plus a short hint for
-- listing; the code itself is shown once, when it is created.

CREATE TABLE invite_codes (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code_hash         bytea NOT NULL UNIQUE,
  hint              text NOT NULL,
  subscription_tier text NOT NULL,
  subscription_days integer NOT NULL CHECK (subscription_days >= 0),
  max_uses          integer NOT NULL CHECK (max_uses >= 1),
  uses              integer NOT NULL DEFAULT 0 CHECK (uses BETWEEN 0 AND max_uses),
  expires_at        timestamptz NULL,
  created_at        timestamptz NOT NULL
);
CREATE INDEX invite_codes_created_at_idx ON invite_codes (created_at DESC, id DESC);

-- One row per user who used a code: a user redeems a code at most once.
CREATE TABLE invite_redemptions (
  invite_code_id bigint NOT NULL REFERENCES invite_codes (id) ON DELETE CASCADE,
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  redeemed_at    timestamptz NOT NULL,
  PRIMARY KEY (invite_code_id, user_id)
);
CREATE INDEX invite_redemptions_user_id_idx ON invite_redemptions (user_id);

-- The tier in force for a user; NULL expiry: it does not lapse.
ALTER TABLE users
  ADD COLUMN subscription_tier text NOT NULL DEFAULT '',
  ADD COLUMN subscription_expires_at timestamptz NULL;
