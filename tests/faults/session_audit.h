// Checks the PostgreSQL tables against what clients received: every session
// and refresh token handed out is stored, nothing was stored that nobody
// received, and no session or refresh token was left half-written.
#ifndef TGAUTH_TESTS_FAULTS_SESSION_AUDIT_H_
#define TGAUTH_TESTS_FAULTS_SESSION_AUDIT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/faults/login_load.h"

namespace tgauth::faults {

struct SessionAudit {
  int sessions_in_table = 0;
  // Sessions a client received that the sessions table lacks.
  int missing_sessions = 0;
  // Rows of the sessions table no client received (a session nobody can use).
  int sessions_nobody_received = 0;
  // Refresh tokens a client received whose hash the refresh_tokens table
  // lacks for that session.
  int missing_refresh_tokens = 0;
  // Sessions not revoked without exactly one current (unrotated) refresh
  // token, and rotated tokens whose successor is not stored: half-written
  // rotations.
  int sessions_without_one_current_token = 0;
  int rotations_without_successor = 0;
  // Telegram ids with more than one users row.
  int duplicated_users = 0;
  // Sessions revoked as "refresh_token_reuse".
  int revoked_for_reuse = 0;
};

// Reads the tables at `database_url` (a deployment of this test alone).
absl::StatusOr<SessionAudit> AuditSessions(const std::string& database_url,
                                           const std::vector<ReceivedSession>& sessions,
                                           const std::vector<ReceivedRefreshToken>& tokens);

// Prints every count of `audit` as a figure and expects each fault count
// to be 0 (sessions_nobody_received only when `every_login_finished`: a
// login abandoned mid-way may have a session its browser never fetched).
void ExpectIntact(const SessionAudit& audit, bool every_login_finished = true);

}  // namespace tgauth::faults

#endif  // TGAUTH_TESTS_FAULTS_SESSION_AUDIT_H_
