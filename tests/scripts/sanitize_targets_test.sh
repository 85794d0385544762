#!/usr/bin/env bash
# scripts/sanitize address builds every test binary of the folders whose
# suites it runs: ctest counts one it did not build as a failure
# ("..._NOT_BUILT"), and its tests would go unchecked.
#   tests/scripts/sanitize_targets_test.sh REPO_ROOT
set -uo pipefail
repo=$1
failures=0

# The asan_targets array and folders as scripts/sanitize declares them.
declared=$(sed -n '/^asan_targets=(/,/)/p' "$repo/scripts/sanitize" | tr -d '()' |
  sed 's/asan_targets=//')
folders=$(sed -n 's/^asan_folders=(\(.*\))$/\1/p' "$repo/scripts/sanitize")
[ -n "$declared" ] && [ -n "$folders" ] || { echo "FAIL: no asan_targets or asan_folders" >&2; exit 1; }

for folder in $folders; do
  for target in $(grep -rhoE 'add_executable\(tgauth_[a-z_]+' "$repo/$folder" |
    sed 's/add_executable(//'); do
    if ! grep -qw -- "$target" <<<"$declared"; then
      echo "FAIL: $target (in $folder) is not in scripts/sanitize's asan_targets" >&2
      failures=$((failures + 1))
    fi
  done
done
exit $((failures > 0))
