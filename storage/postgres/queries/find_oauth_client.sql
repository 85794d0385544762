-- The OAuth client with this id, enabled or not; no row if there is none.
-- Columns as read by FromRow in postgres_oauth_client_store.cc; times in
-- unix microseconds, disabled_at NULL while enabled.
-- $1 = client_id.
SELECT client_id, name, secret_hash, redirect_uris, post_logout_redirect_uris, allowed_scopes,
       backchannel_logout_uri, may_introspect_any, source,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM updated_at) * 1000000)::bigint,
       (extract(epoch FROM disabled_at) * 1000000)::bigint
FROM oauth_clients
WHERE client_id = $1
