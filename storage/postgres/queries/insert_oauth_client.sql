-- Registers an OAuth client; a taken client_id is a unique violation.
-- $1 = client_id, $2 = name, $3 = secret hash (hex; '': NULL, a public client),
-- $4 = redirect URIs, $5 = post-logout redirect URIs, $6 = allowed scopes
-- (each a text[] literal), $7 = back-channel logout URI ('' for none),
-- $8 = may introspect any client's tokens, $9 = source ('admin' or
-- 'config'), $10 = created at, $11 = updated at, $12 = disabled at (NULL:
-- enabled) (times as RFC 3339 text).
INSERT INTO oauth_clients (client_id, name, secret_hash, redirect_uris, post_logout_redirect_uris,
                           allowed_scopes, backchannel_logout_uri, may_introspect_any, source,
                           created_at, updated_at, disabled_at)
VALUES ($1, $2, decode(NULLIF($3, ''), 'hex'), $4::text[], $5::text[], $6::text[], $7, $8, $9,
        $10::timestamptz, $11::timestamptz, $12::timestamptz)
