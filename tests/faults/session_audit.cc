#include "tests/faults/session_audit.h"

#include <pqxx/pqxx>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "common/secure_token.h"
#include "gtest/gtest.h"
#include "tests/faults/figures.h"

namespace tgauth::faults {
namespace {

int CountOf(pqxx::work& work, const std::string& sql) { return work.exec1(sql)[0].as<int>(); }

}  // namespace

absl::StatusOr<SessionAudit> AuditSessions(const std::string& database_url,
                                           const std::vector<ReceivedSession>& sessions,
                                           const std::vector<ReceivedRefreshToken>& tokens) {
  try {
    pqxx::connection connection(database_url);
    pqxx::work work(connection);
    SessionAudit audit;
    std::set<std::string> stored;
    for (const pqxx::row& row : work.exec("SELECT id::text FROM sessions")) {
      stored.insert(row[0].as<std::string>());
    }
    audit.sessions_in_table = static_cast<int>(stored.size());
    std::set<std::string> received;
    for (const ReceivedSession& session : sessions) received.insert(session.session_id);
    for (const std::string& id : received) audit.missing_sessions += stored.count(id) == 0;
    for (const std::string& id : stored) audit.sessions_nobody_received += received.count(id) == 0;

    std::set<std::pair<std::string, std::string>> stored_tokens;  // (session id, hash)
    for (const pqxx::row& row :
         work.exec("SELECT session_id::text, token_hash FROM refresh_tokens")) {
      stored_tokens.emplace(row[0].as<std::string>(), pqxx::binarystring(row[1]).str());
    }
    for (const ReceivedRefreshToken& token : tokens) {
      audit.missing_refresh_tokens +=
          stored_tokens.count({token.session_id, Sha256(token.refresh_token)}) == 0;
    }
    audit.sessions_without_one_current_token = CountOf(
        work,
        "SELECT count(*) FROM sessions s WHERE s.revoked_at IS NULL AND (SELECT count(*) FROM "
        "refresh_tokens r WHERE r.session_id = s.id AND r.rotated_at IS NULL) <> 1");
    audit.rotations_without_successor = CountOf(
        work,
        "SELECT count(*) FROM refresh_tokens r WHERE r.rotated_at IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM refresh_tokens n WHERE n.token_hash = r.replaced_by)");
    audit.duplicated_users =
        CountOf(work,
                "SELECT count(*) FROM (SELECT telegram_id FROM users GROUP BY telegram_id "
                "HAVING count(*) > 1) d");
    audit.revoked_for_reuse =
        CountOf(work, "SELECT count(*) FROM sessions WHERE revoke_reason = 'refresh_token_reuse'");
    return audit;
  } catch (const std::exception& e) {
    return absl::UnavailableError(e.what());
  }
}

void ExpectIntact(const SessionAudit& audit, bool every_login_finished) {
  ReportFigure("sessions_in_table", audit.sessions_in_table);
  ReportFigure("sessions_missing_from_table", audit.missing_sessions);
  ReportFigure("sessions_nobody_received", audit.sessions_nobody_received);
  ReportFigure("refresh_tokens_missing_from_table", audit.missing_refresh_tokens);
  ReportFigure("half_written_sessions", audit.sessions_without_one_current_token);
  ReportFigure("half_written_rotations", audit.rotations_without_successor);
  ReportFigure("duplicated_users", audit.duplicated_users);
  ReportFigure("sessions_revoked_for_reuse", audit.revoked_for_reuse);
  EXPECT_EQ(audit.missing_sessions, 0);
  if (every_login_finished) {
    EXPECT_EQ(audit.sessions_nobody_received, 0);
  }
  EXPECT_EQ(audit.missing_refresh_tokens, 0);
  EXPECT_EQ(audit.sessions_without_one_current_token, 0);
  EXPECT_EQ(audit.rotations_without_successor, 0);
  EXPECT_EQ(audit.duplicated_users, 0);
  EXPECT_EQ(audit.revoked_for_reuse, 0);
}

}  // namespace tgauth::faults
