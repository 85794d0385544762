-- The OAuth 2.0 clients (RFC 6749 section 2) registered with tgauth, by an
-- operator through AdminService ('admin') or from the configuration
-- ('config'). A confidential client's secret is kept only as its SHA-256
-- (32 CSPRNG bytes: no salt or slow hash is needed for a secret that cannot
-- be guessed); a public client has none and must use PKCE (RFC 7636).
-- Redirect URIs are compared byte for byte with those a request names
-- (RFC 6749 section 3.1.2.3), so they are stored exactly as registered.
CREATE TABLE oauth_clients (
  client_id                 text PRIMARY KEY CHECK (client_id ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
  name                      text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  secret_hash               bytea NULL CHECK (secret_hash IS NULL OR length(secret_hash) = 32),
  redirect_uris             text[] NOT NULL CHECK (cardinality(redirect_uris) >= 1),
  post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
  allowed_scopes            text[] NOT NULL DEFAULT '{openid,profile}',
  backchannel_logout_uri    text NOT NULL DEFAULT '',
  -- Resource servers may introspect any client's tokens (RFC 7662); other
  -- clients only their own.
  may_introspect_any        boolean NOT NULL DEFAULT false,
  source                    text NOT NULL CHECK (source IN ('config', 'admin')),
  created_at                timestamptz NOT NULL,
  updated_at                timestamptz NOT NULL,
  disabled_at               timestamptz NULL
);
