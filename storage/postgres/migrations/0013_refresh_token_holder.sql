-- RotateCurrent checks, before anything rotates, that the session is the
-- presenting client's and grants the scope it asks for (RFC 6749 section
-- 6; storage/refresh_token_holder.h): a refresh token of another client's
-- session, or of a first-party session presented by a client (or the
-- reverse), must rotate nothing. rotate_current_refresh_token_v2
-- (migrations/0012_session_clients.sql) stays unchanged for replicas of
-- the previous build (README.md, "Migrations"); this one locks the
-- session, checks the holder, and then has v2 do exactly what it does:
-- rotate for the holder, or, for anyone else, return the same row without
-- rotating (v2 rotates nothing at 'infinity', when every session has
-- ended). The caller tells the two apart by the client_id and scope the
-- row carries.
-- holder_client: the client's id, '' for tgauth's own routes.
-- asked_scope: space-separated scope tokens, each of which the session
-- must have been granted; '' asks for none.
CREATE FUNCTION rotate_current_refresh_token_v3(
    presented bytea, successor bytea, rotated_now timestamptz, successor_expires timestamptz,
    lock_wait text, holder_client text, asked_scope text)
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
  held boolean;
BEGIN
  PERFORM set_config('lock_timeout', lock_wait, true);
  SELECT coalesce(s.client_id, '') = holder_client
         AND array_remove(string_to_array(asked_scope, ' '), '')
             <@ array_remove(string_to_array(s.scope, ' '), '')
  INTO held
  FROM sessions s
  WHERE s.id = (SELECT r.session_id FROM refresh_tokens r WHERE r.token_hash = presented)
  FOR UPDATE OF s;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF held THEN
    RETURN QUERY SELECT * FROM rotate_current_refresh_token_v2(
      presented, successor, rotated_now, successor_expires, lock_wait);
  ELSE
    RETURN QUERY SELECT * FROM rotate_current_refresh_token_v2(
      presented, successor, 'infinity'::timestamptz, successor_expires, lock_wait);
  END IF;
END;
$$;
