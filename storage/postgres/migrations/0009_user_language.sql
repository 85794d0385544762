-- The language each user's Telegram app last reported (Bot API
-- User.language_code, an IETF language tag), so that messages sent later
-- than a sign-in, such as the new sign-in notice, are in it. '' while
-- unknown: the Login Widget sends none, and a sign-in without one keeps the
-- stored one.
ALTER TABLE users ADD COLUMN language_code text NOT NULL DEFAULT '';
