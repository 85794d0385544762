#!/usr/bin/env bash
# Checks that every product folder includes only from itself and the folders
# below it, as README.md's Layout section draws them:
#   app -> rpc -> {signin, qr_login} -> bot -> session -> token -> common,
#   rpc -> events -> storage, rpc -> oauth -> {events, session, token, storage},
#   storage and gateway on common alone. Generated protos ("tgauth/v1/...")
# and third-party headers may be included from anywhere.
# Usage: check_dependencies.sh [REPO_ROOT]. Prints each offending include;
# exits 1 if there is one.
set -euo pipefail
cd "${1:-$(dirname "$0")/../..}"

# folder: the tgauth folders it may include from (itself included).
declare -A allowed=(
  [common]="common"
  [storage]="storage common"
  [server/token]="server/token common"
  [server/session]="server/session server/token storage common"
  [server/outbound]="server/outbound common"
  [server/bot]="server/bot server/outbound server/session server/token storage common"
  [server/qr_login]="server/qr_login server/bot server/outbound server/session server/token storage common"
  [server/signin]="server/signin server/bot server/outbound server/session server/token storage common"
  [server/events]="server/events server/outbound storage common"
  [server/oauth]="server/oauth server/events server/session server/token storage common"
  [server/rpc]="server/rpc server/oauth server/events server/signin server/qr_login server/bot server/outbound server/session server/token storage common"
  [server/app]="server storage common"
  [gateway]="gateway common"
  [bench]="bench tests/fixtures common"
)

status=0
for folder in "${!allowed[@]}"; do
  [ -d "$folder" ] || { echo "missing folder: $folder"; status=1; continue; }
  while IFS= read -r hit; do
    file=${hit%%:*}
    header=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"${hit#*:}")
    case $header in tgauth/v1/*) continue ;; esac
    ok=0
    for dep in ${allowed[$folder]}; do
      case $header in "$dep"/*) ok=1 ;; esac
    done
    # A tgauth header is one that exists in the tree; others are third-party.
    if [ $ok = 0 ] && [ -f "$header" ]; then
      echo "$file includes $header: $folder may include only from ${allowed[$folder]}"
      status=1
    fi
  done < <(grep -rn --include='*.h' --include='*.cc' '^#include "' "$folder" | cut -d: -f1,3-)
done
exit $status
