-- Erasure of a user's events still in the outbox: removes the personal
-- facts their payloads carry (user.created's Telegram id and username,
-- session.created's device summary). The events stay, so consumers resuming
-- see no gap; channels that already took them keep what they took.
-- $1 = user id (uuid text).
UPDATE event_outbox
SET payload = payload #- '{userCreated,telegramId}' #- '{userCreated,username}'
                      #- '{sessionCreated,deviceSummary}'
WHERE user_id = $1::uuid
  AND (payload ? 'userCreated' OR payload ? 'sessionCreated')
