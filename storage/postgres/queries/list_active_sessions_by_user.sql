-- Lists a user's sessions that are neither revoked nor expired (absolute
-- lifetime or idle refresh token expiry), newest first.
-- Columns as read by SessionFromRow in postgres_session_store.cc; times in
-- unix microseconds.
-- $1 = user id (uuid text), $2 = now (RFC 3339 text, microseconds).
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
WHERE s.user_id = $1::uuid AND s.revoked_at IS NULL AND s.expires_at > $2::timestamptz
  AND r.expires_at > $2::timestamptz
ORDER BY s.created_at DESC, s.id DESC
