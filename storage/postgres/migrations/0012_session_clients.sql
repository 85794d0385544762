-- What a session made through an OAuth client's token endpoint must
-- remember for its ID tokens and refreshes (OpenID Connect Core 1.0
-- sections 2 and 12.2): which client it was issued to, the scope granted,
-- and when the user authenticated.

-- The OAuth client (RFC 6749 section 2.2) the session was issued to; NULL
-- for a first-party session, signed in through tgauth's own routes.
-- Clients are disabled (oauth_clients.disabled_at), never deleted: deleting
-- one that any session still names is refused at once (RESTRICT, which
-- unlike NO ACTION cannot be deferred to the end of the transaction), since
-- those sessions' ID tokens carry its client_id as `aud` and their
-- refreshes must find it. A column added with a NULL default needs no scan
-- to validate its foreign key, so this takes no longer on a large table.
-- No index: sessions are looked up by user, and clients are not deleted.
ALTER TABLE sessions ADD COLUMN client_id text NULL
  REFERENCES oauth_clients (client_id) ON DELETE RESTRICT;

-- The scope granted, space-separated scope tokens as in RFC 6749 section
-- 3.3; '' for a first-party session.
ALTER TABLE sessions ADD COLUMN scope text NOT NULL DEFAULT '';

-- When the user authenticated (OpenID Connect Core 1.0 section 2,
-- `auth_time`): up to a minute before created_at when a client redeems its
-- authorization code after the sign-in. NULL means created_at.
ALTER TABLE sessions ADD COLUMN auth_time timestamptz NULL;

-- RotateCurrent's function (migrations/0008_rotate_current_refresh_token.sql)
-- returns the session's columns as SessionFromRow reads them, which now
-- include the three above (client_id '' when NULL, auth_time as unix
-- microseconds, created_at when NULL). It cannot change its result columns
-- in place, and must not: replicas of the previous build keep serving while
-- the new ones migrate (README.md, "Migrations"), and a statement they
-- prepared on the old function fails once its result columns change
-- ("cached plan must not change result type"). So this one takes a new
-- name, doing and promising exactly what 0008's does, and 0008's stays for
-- them until a later migration drops it.
CREATE FUNCTION rotate_current_refresh_token_v2(
    presented bytea, successor bytea, rotated_now timestamptz, successor_expires timestamptz,
    lock_wait text)
RETURNS TABLE (
  id text, user_id text, sign_in_method text, user_agent text, ip_address text,
  device_name text, created_us bigint, expires_us bigint, refresh_expires_us bigint,
  last_refreshed_us bigint, revoked boolean, revoke_reason text,
  client_id text, scope text, auth_us bigint,
  token_hash bytea, token_created_us bigint, token_expires_us bigint, token_rotated_us bigint,
  replaced_by bytea,
  telegram_id bigint, subscription_tier text, subscription_expires_us bigint,
  rotated boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  sid uuid;
  rotatable boolean;
BEGIN
  PERFORM set_config('lock_timeout', lock_wait, true);
  SELECT s.id INTO sid FROM sessions s
  WHERE s.id = (SELECT r.session_id FROM refresh_tokens r WHERE r.token_hash = presented)
  FOR UPDATE OF s;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  -- Each statement from here takes a new snapshot (READ COMMITTED), which
  -- sees what the previous holder of the lock committed.
  SELECT s.revoked_at IS NULL AND rotated_now < s.expires_at
         AND t.rotated_at IS NULL AND rotated_now < t.expires_at
  INTO rotatable
  FROM sessions s JOIN refresh_tokens t ON t.session_id = s.id
  WHERE s.id = sid AND t.token_hash = presented;
  RETURN QUERY
  SELECT s.id::text, s.user_id::text, s.sign_in_method, s.user_agent, s.ip_address,
         s.device_name,
         (extract(epoch FROM s.created_at) * 1000000)::bigint,
         (extract(epoch FROM s.expires_at) * 1000000)::bigint,
         (extract(epoch FROM c.expires_at) * 1000000)::bigint,
         (extract(epoch FROM s.last_refreshed_at) * 1000000)::bigint,
         s.revoked_at IS NOT NULL, coalesce(s.revoke_reason, ''),
         coalesce(s.client_id, ''), s.scope,
         (extract(epoch FROM coalesce(s.auth_time, s.created_at)) * 1000000)::bigint,
         t.token_hash,
         (extract(epoch FROM t.created_at) * 1000000)::bigint,
         (extract(epoch FROM t.expires_at) * 1000000)::bigint,
         (extract(epoch FROM t.rotated_at) * 1000000)::bigint,
         t.replaced_by,
         u.telegram_id, u.subscription_tier,
         (extract(epoch FROM u.subscription_expires_at) * 1000000)::bigint,
         rotatable
  FROM sessions s
  JOIN users u ON u.id = s.user_id
  JOIN refresh_tokens t ON t.token_hash = presented
  JOIN refresh_tokens c ON c.session_id = s.id AND c.rotated_at IS NULL
  WHERE s.id = sid;
  IF rotatable THEN
    UPDATE refresh_tokens SET rotated_at = rotated_now, replaced_by = successor
    WHERE token_hash = presented;
    INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at)
    SELECT successor, s.id, rotated_now, least(successor_expires, s.expires_at)
    FROM sessions s WHERE s.id = sid;
    UPDATE sessions SET last_refreshed_at = rotated_now WHERE id = sid;
  END IF;
END;
$$;
