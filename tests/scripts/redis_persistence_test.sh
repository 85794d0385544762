#!/usr/bin/env bash
# The Redis of scripts/start-services keeps what it holds (the pending
# logins) across a crash: append-only file, fsync every second. Writes a key,
# kills Redis with SIGKILL after the fsync, starts the services again and
# reads the key back. Uses its own state folder and free ports.
#   tests/scripts/redis_persistence_test.sh REPO_ROOT
set -uo pipefail
repo=$1
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
export TGAUTH_STATE_DIR
TGAUTH_STATE_DIR=$(mktemp -u /tmp/tgauth-redis-persistence-XXXXXX)
export TGAUTH_PG_PORT TGAUTH_REDIS_PORT
TGAUTH_PG_PORT=$(free_port)
TGAUTH_REDIS_PORT=$(free_port)
trap '"$repo/scripts/stop-services" --purge >/dev/null 2>&1' EXIT

"$repo/scripts/start-services" >/dev/null || { echo "FAIL: start-services" >&2; exit 1; }
cli() { REDISCLI_AUTH=$(cat "$TGAUTH_STATE_DIR/redis-password") redis-cli -p "$TGAUTH_REDIS_PORT" "$@"; }
cli SET persistence-test:login pending >/dev/null
sleep 1.5  # One appendfsync period, and some.
kill -9 "$(cat "$TGAUTH_STATE_DIR/redis.pid")"
for _ in $(seq 50); do cli ping >/dev/null 2>&1 || break; sleep 0.1; done

"$repo/scripts/start-services" >/dev/null || { echo "FAIL: start-services after the crash" >&2; exit 1; }
value=$(cli GET persistence-test:login)
if [ "$value" != pending ]; then
  echo "FAIL: the key written before the crash reads '$value' after it" >&2
  exit 1
fi
echo "PASS: a key survives kill -9 of Redis"
