-- Replaces an OAuth client's settings (not its id, secret, source or
-- times other than updated_at) and returns it; no row if there is none.
-- Columns as read by FromRow in postgres_oauth_client_store.cc.
-- $1 = client_id, $2 = name, $3 = redirect URIs, $4 = post-logout redirect
-- URIs, $5 = allowed scopes (each a text[] literal), $6 = back-channel logout
-- URI, $7 = may introspect any, $8 = updated at (RFC 3339 text).
UPDATE oauth_clients
SET name = $2, redirect_uris = $3::text[], post_logout_redirect_uris = $4::text[],
    allowed_scopes = $5::text[], backchannel_logout_uri = $6, may_introspect_any = $7,
    updated_at = $8::timestamptz
WHERE client_id = $1
RETURNING client_id, name, secret_hash, redirect_uris, post_logout_redirect_uris, allowed_scopes,
          backchannel_logout_uri, may_introspect_any, source,
          (extract(epoch FROM created_at) * 1000000)::bigint,
          (extract(epoch FROM updated_at) * 1000000)::bigint,
          (extract(epoch FROM disabled_at) * 1000000)::bigint
