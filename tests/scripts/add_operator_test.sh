#!/usr/bin/env bash
# scripts/add-operator: prints a token once, stores only its SHA-256 under
# the operator's name in a private file, refuses a name twice or a bad name.
set -euo pipefail
root=${1:?usage: $0 REPO_ROOT}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
file=$dir/operators

token=$("$root/scripts/add-operator" alice "$file" 2>/dev/null)
[ "${#token}" -ge 32 ] || { echo "token too short: ${#token}"; exit 1; }
[ "$(stat -c %a "$file")" = 600 ] || { echo "file mode $(stat -c %a "$file")"; exit 1; }
expected="alice:$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)"
[ "$(cat "$file")" = "$expected" ] || { echo "file holds: $(cat "$file")"; exit 1; }
grep -qF "$token" "$file" && { echo "the plain token is in the file"; exit 1; }

second=$("$root/scripts/add-operator" bob "$file" 2>/dev/null)
[ "$second" != "$token" ] || { echo "the same token twice"; exit 1; }
[ "$(wc -l <"$file")" = 2 ] || { echo "expected two lines"; exit 1; }

if "$root/scripts/add-operator" alice "$file" >/dev/null 2>&1; then
  echo "alice was added twice"; exit 1
fi
if "$root/scripts/add-operator" 'bad name' "$file" >/dev/null 2>&1; then
  echo "a name with a space was accepted"; exit 1
fi
[ "$(wc -l <"$file")" = 2 ] || { echo "a refused call wrote to the file"; exit 1; }
echo ok
