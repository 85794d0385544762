#!/usr/bin/env bash
# k8s/image/check-runtime-packages must fail, naming the package, when the
# runtime list lacks the package of a library the binaries link: libcurl4,
# which the server links and an earlier list left out.
#   tests/k8s/runtime_packages_test.sh REPO_ROOT BINARY...
set -euo pipefail
root=$1; shift
list=$(mktemp)
trap 'rm -f "$list"' EXIT
grep -vx libcurl4 "$root/k8s/image/runtime-packages" >"$list"
if output=$("$root/k8s/image/check-runtime-packages" "$list" "$@" 2>&1); then
  echo "accepted a list without libcurl4:"; echo "$output"; exit 1
fi
grep -q 'libcurl.so.4 comes from libcurl4' <<<"$output" || { echo "unexpected: $output"; exit 1; }
echo "rejected as expected: $output"
