-- The OAuth clients in client_id order (byte order, whatever the database's
-- collation), enabled or not.
-- Columns as read by FromRow in postgres_oauth_client_store.cc.
-- $1 = most clients to return.
SELECT client_id, name, secret_hash, redirect_uris, post_logout_redirect_uris, allowed_scopes,
       backchannel_logout_uri, may_introspect_any, source,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM updated_at) * 1000000)::bigint,
       (extract(epoch FROM disabled_at) * 1000000)::bigint
FROM oauth_clients
ORDER BY client_id COLLATE "C"
LIMIT $1
