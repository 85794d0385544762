// The rate limiter's buckets named after a Telegram account (the prefix,
// then the account's id in decimal). They count one person's requests, so
// erasing the person erases them (UserAdministration::Erase).
#ifndef TGAUTH_SERVER_SESSION_ACCOUNT_BUCKETS_H_
#define TGAUTH_SERVER_SESSION_ACCOUNT_BUCKETS_H_

namespace tgauth {

// Sessions started per account (SessionIssuer's SignInLimit).
inline constexpr char kSignInBucket[] = "sign-in-user:";
// Invite code attempts per account (server/signin/invite_codes.h).
inline constexpr char kRedeemInviteBucket[] = "redeem-invite:";

inline constexpr const char* kAccountBuckets[] = {kSignInBucket, kRedeemInviteBucket};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_ACCOUNT_BUCKETS_H_
