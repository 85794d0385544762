-- Refresh token rotation in one round trip for its common case, the current
-- token of a live session: the same row lock and statements as the
-- transaction PostgresSessionStore::Refresh runs (lock_session_by_refresh_token_hash.sql,
-- read_refresh_token_chain.sql, rotate_refresh_token.sql), run inside the
-- database so the client waits for one answer instead of six.
--
-- Locks the session of the token whose hash is `presented` (waiting at most
-- `lock_wait`, a PostgreSQL interval), then rotates the token to `successor`
-- only if it is the session's current token, unexpired at `rotated_now`, and
-- the session is neither revoked nor expired then; the successor expires at
-- the earlier of `successor_expires` and the session's expiry. Returns no row
-- for an unknown token, else one row as things were before the rotation: the
-- session (the 12 columns SessionFromRow reads), the presented token (the 5
-- TokenFromRow reads), the user's Telegram id and stored subscription (tier,
-- expiry), and whether it rotated. A token it does not rotate (rotated
-- before, expired, or its session ended) is left for Refresh to decide on:
-- grace window, reuse detection.
CREATE FUNCTION rotate_current_refresh_token(
    presented bytea, successor bytea, rotated_now timestamptz, successor_expires timestamptz,
    lock_wait text)
RETURNS TABLE (
  id text, user_id text, sign_in_method text, user_agent text, ip_address text,
  device_name text, created_us bigint, expires_us bigint, refresh_expires_us bigint,
  last_refreshed_us bigint, revoked boolean, revoke_reason text,
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
