# Shared by the scripts in this folder; source it, don't run it.
# Where the private PostgreSQL and Redis live, and their loopback ports.
set -euo pipefail

TGAUTH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TGAUTH_BUILD_DIR=${TGAUTH_BUILD_DIR:-$TGAUTH_ROOT/build}
# Under /tmp: the postgres user (used when we run as root) cannot enter /root.
TGAUTH_STATE_DIR=${TGAUTH_STATE_DIR:-/tmp/tgauth-$(id -u)-$(printf %s "$TGAUTH_ROOT" | sha256sum | cut -c1-8)}
TGAUTH_PG_PORT=${TGAUTH_PG_PORT:-55432}
TGAUTH_REDIS_PORT=${TGAUTH_REDIS_PORT:-56379}

log() { printf '[tgauth] %s\n' "$*" >&2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

# Runs a PostgreSQL tool as the postgres user when we are root (initdb refuses root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# True when the binary for a build target exists and is newer than every source file.
need_build() {
  local bin=$TGAUTH_BUILD_DIR/tgauth-server
  [ ! -x "$bin" ] && return 0
  [ -n "$(find "$TGAUTH_ROOT" -path "$TGAUTH_BUILD_DIR" -prune -o -path "$TGAUTH_ROOT/.git" -prune \
      -o -newer "$bin" -type f \( -name '*.cc' -o -name '*.h' -o -name '*.proto' -o -name 'CMakeLists.txt' \
      -o -name '*.sql' -o -name '*.html' -o -name '*.js' -o -name '*.css' -o -name '*.cmake' \) -print -quit)" ]
}

build() {
  cmake -S "$TGAUTH_ROOT" -B "$TGAUTH_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$TGAUTH_BUILD_DIR" -j"${TGAUTH_JOBS:-2}"
}
