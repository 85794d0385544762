-- Replaces a confidential OAuth client's secret hash and returns the
-- client; no row if there is no such client or it is public (no secret).
-- Columns as read by FromRow in postgres_oauth_client_store.cc.
-- $1 = client_id, $2 = new secret hash (bytea), $3 = now (RFC 3339 text).
UPDATE oauth_clients
SET secret_hash = $2, updated_at = $3::timestamptz
WHERE client_id = $1 AND secret_hash IS NOT NULL
RETURNING client_id, name, secret_hash, redirect_uris, post_logout_redirect_uris, allowed_scopes,
          backchannel_logout_uri, may_introspect_any, source,
          (extract(epoch FROM created_at) * 1000000)::bigint,
          (extract(epoch FROM updated_at) * 1000000)::bigint,
          (extract(epoch FROM disabled_at) * 1000000)::bigint
