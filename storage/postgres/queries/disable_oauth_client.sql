-- Disables an OAuth client (a disabled one keeps its first disabled_at) and
-- returns it; no row if there is no such client.
-- Columns as read by FromRow in postgres_oauth_client_store.cc.
-- $1 = client_id, $2 = now (RFC 3339 text).
UPDATE oauth_clients
SET disabled_at = coalesce(disabled_at, $2::timestamptz)
WHERE client_id = $1
RETURNING client_id, name, secret_hash, redirect_uris, post_logout_redirect_uris, allowed_scopes,
          backchannel_logout_uri, may_introspect_any, source,
          (extract(epoch FROM created_at) * 1000000)::bigint,
          (extract(epoch FROM updated_at) * 1000000)::bigint,
          (extract(epoch FROM disabled_at) * 1000000)::bigint
