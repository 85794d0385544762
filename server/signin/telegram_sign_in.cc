#include "server/signin/telegram_sign_in.h"

#include "server/session/device_check.h"
#include "server/signin/widget_verifier.h"

namespace tgauth {

absl::StatusOr<SignIn> TelegramSignIn::WithWidget(const SignedFields& fields,
                                                  const storage::DeviceInfo& device) {
  if (absl::Status s = ValidateDevice(device); !s.ok()) return s;
  if (absl::Status s = per_ip_.Count(device.ip_address); !s.ok()) return s;
  absl::StatusOr<storage::TelegramProfile> who =
      VerifyWidgetLogin(fields, options_.bot_token, clock_.Now(), options_.max_age);
  if (!who.ok()) return who.status();
  return FinishOnce(fields, {"hash"}, *who, device, "widget");
}

absl::StatusOr<SignIn> TelegramSignIn::WithMiniApp(absl::string_view init_data,
                                                   const storage::DeviceInfo& device) {
  if (absl::Status s = ValidateDevice(device); !s.ok()) return s;
  if (absl::Status s = per_ip_.Count(device.ip_address); !s.ok()) return s;
  absl::StatusOr<storage::TelegramProfile> who =
      mini_app_.Verify(init_data, clock_.Now(), options_.max_age);
  if (!who.ok()) return who.status();
  absl::StatusOr<SignedFields> fields = ParseInitData(init_data);  // Verify() parsed it fine.
  if (!fields.ok()) return fields.status();
  // The hash (HMAC) and the signature (Ed25519) are not part of what they sign.
  return FinishOnce(*fields, {"hash", "signature"}, *who, device, "mini_app");
}

absl::StatusOr<SignIn> TelegramSignIn::WithLoginLink(absl::string_view token,
                                                     const storage::DeviceInfo& device) {
  // Checked before the link is consumed, so a bad request costs no link.
  if (absl::Status s = ValidateDevice(device); !s.ok()) return s;
  if (absl::Status s = per_ip_.Count(device.ip_address); !s.ok()) return s;
  absl::StatusOr<storage::LoginLink> link = links_.Consume(token);
  if (!link.ok()) return link.status();
  absl::StatusOr<SignIn> sign_in = Finish(link->who, device, "login_link");
  if (!sign_in.ok()) links_.Restore(token, *link);
  return sign_in;
}

absl::StatusOr<storage::LoginLink> TelegramSignIn::DescribeLoginLink(absl::string_view token,
                                                                     absl::string_view ip) {
  if (absl::Status over = per_ip_.Admit(ip); !over.ok()) return over;
  absl::StatusOr<storage::LoginLink> link = links_.Find(token);
  if (absl::IsInvalidArgument(link.status()) || absl::IsNotFound(link.status())) {
    per_ip_.CountFailure(ip);
  }
  return link;
}

absl::StatusOr<SignIn> TelegramSignIn::FinishOnce(
    const SignedFields& fields, std::initializer_list<absl::string_view> unsigned_fields,
    const storage::TelegramProfile& who, const storage::DeviceInfo& device,
    absl::string_view method) {
  absl::StatusOr<std::string> claim = replays_.Claim(method, fields, unsigned_fields);
  if (!claim.ok()) return claim.status();
  absl::StatusOr<SignIn> sign_in = Finish(who, device, method);
  if (!sign_in.ok()) replays_.Release(*claim);
  return sign_in;
}

absl::StatusOr<SignIn> TelegramSignIn::Finish(const storage::TelegramProfile& who,
                                              const storage::DeviceInfo& device,
                                              absl::string_view method) {
  // The user upsert and the session are one store write.
  absl::StatusOr<IssuedSignIn> signed_in = sessions_.Issue(who, device, method);
  if (!signed_in.ok()) return signed_in.status();
  return SignIn{.user = std::move(signed_in->user), .session = std::move(signed_in->session)};
}

}  // namespace tgauth
