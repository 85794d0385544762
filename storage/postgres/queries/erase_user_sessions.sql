-- Erasure of a user's sessions (revoked in the same transaction): clears
-- the device facts they recorded (user agent, IP address, device name).
-- The rows stay until the cleaner deletes them with other ended sessions:
-- the revocation feed reads them meanwhile, and they hold nothing personal.
-- $1 = user id (uuid text).
UPDATE sessions SET user_agent = '', ip_address = '', device_name = ''
WHERE user_id = $1::uuid
