#!/usr/bin/env bash
# scripts/start-services and scripts/stop-services refuse a state folder
# they cannot trust (a symbolic link, a mode other than 700, another
# owner), touch nothing through it, and create a missing one with mode 700.
#   tests/scripts/state_dir_test.sh REPO_ROOT
set -uo pipefail
repo=$1
work=$(mktemp -d /tmp/tgauth-state-dir-test-XXXXXX)
# Like /tmp, so the postgres user (when we are root) can make its folder here.
chmod 1777 "$work"
trap 'rm -rf -- "$work"' EXIT
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# Runs a script with the state folder $1; ports nothing listens on, so a
# script that wrongly went ahead could not touch anyone's services.
run_script() {
  TGAUTH_STATE_DIR=$1 TGAUTH_PG_PORT=1 TGAUTH_REDIS_PORT=1 "$repo/scripts/$2" 2>&1 >/dev/null
}

# expect_refusal NAME DIR WHY: both scripts exit non-zero naming DIR and WHY.
expect_refusal() {
  local name=$1 dir=$2 why=$3 script output
  for script in start-services stop-services; do
    if output=$(run_script "$dir" "$script"); then
      fail "$name: $script accepted $dir"
    elif [[ $output != *"refusing to use $dir: $why"* ]]; then
      fail "$name: $script said: $output"
    fi
  done
}

# A symbolic link to a private folder of ours: still refused, and the folder
# it points to is left as it was (not chmod-ed, nothing written).
target=$work/target
mkdir -m 700 "$target"
ln -s "$target" "$work/link"
expect_refusal symlink "$work/link" "it is a symbolic link"
[ "$(stat -c %a "$target")" = 700 ] || fail "symlink: the target's mode became $(stat -c %a "$target")"
[ -z "$(ls -A "$target")" ] || fail "symlink: files were written through the link: $(ls -A "$target")"

# A folder others can read or write.
mkdir -m 755 "$work/open"
expect_refusal "mode 755" "$work/open" "its mode is 755, not 700"
[ -z "$(ls -A "$work/open")" ] || fail "mode 755: files were written: $(ls -A "$work/open")"

# A folder of another user (only root can make one to test with).
if [ "$(id -u)" = 0 ]; then
  mkdir -m 700 "$work/foreign"
  chown nobody "$work/foreign"
  expect_refusal "another owner" "$work/foreign" "it belongs to nobody, not root"
fi

# A plain file where the folder should be.
touch "$work/file"
expect_refusal "a file" "$work/file" "it is not a folder"

# A missing folder is created private (then the script goes on and fails
# at the closed ports, which is beside the point here).
run_script "$work/fresh" start-services >/dev/null || true
if [ ! -d "$work/fresh" ] || [ -L "$work/fresh" ]; then
  fail "missing folder: not created"
elif [ "$(stat -c %a "$work/fresh")" != 700 ]; then
  fail "missing folder: created with mode $(stat -c %a "$work/fresh"), not 700"
fi

[ "$failures" = 0 ] && echo "state folder checks: all passed"
exit $((failures > 0))
