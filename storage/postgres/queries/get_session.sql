-- Reads one session with the idle expiry of its current refresh token; no
-- row if there is no such session.
-- Columns as read by SessionFromRow in postgres_session_store.cc; times in
-- unix microseconds.
-- $1 = session id (uuid text).
SELECT s.id::text, s.user_id::text, s.sign_in_method, s.user_agent, s.ip_address,
       s.device_name,
       (extract(epoch FROM s.created_at) * 1000000)::bigint,
       (extract(epoch FROM s.expires_at) * 1000000)::bigint,
       (extract(epoch FROM r.expires_at) * 1000000)::bigint,
       (extract(epoch FROM s.last_refreshed_at) * 1000000)::bigint,
       s.revoked_at IS NOT NULL, coalesce(s.revoke_reason, ''),
       coalesce(s.client_id, ''), s.scope,
       (extract(epoch FROM coalesce(s.auth_time, s.created_at)) * 1000000)::bigint
FROM sessions s
JOIN refresh_tokens r ON r.session_id = s.id AND r.rotated_at IS NULL
WHERE s.id = $1::uuid
