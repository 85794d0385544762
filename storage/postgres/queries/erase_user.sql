-- Erasure: clears every personal field of a user and releases its Telegram
-- id (NULL), so the account can sign up again as a new user; the row keeps
-- its id, which revoked sessions and invite redemptions still name.
-- $1 = user id (uuid text), $2 = now (RFC 3339 text).
UPDATE users
SET telegram_id = NULL, first_name = '', last_name = '', username = '', photo_url = '',
    language_code = '',
    subscription_tier = '', subscription_expires_at = NULL, blocked_at = NULL,
    blocked_reason = '', deleted_at = $2::timestamptz, updated_at = $2::timestamptz
WHERE id = $1::uuid
