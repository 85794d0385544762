# Shared by the scripts in this folder; source it, don't run it.
# Where the private PostgreSQL and Redis live, and their loopback ports.
set -euo pipefail

TGAUTH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TGAUTH_BUILD_DIR=${TGAUTH_BUILD_DIR:-$TGAUTH_ROOT/build}
# Paths relative to the checkout in ccache's keys: a second clone (or CI's
# fresh one) reuses what another clone compiled.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$TGAUTH_ROOT} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
# Under /tmp: the postgres user (used when we run as root) cannot enter /root.
TGAUTH_STATE_DIR=${TGAUTH_STATE_DIR:-/tmp/tgauth-$(id -u)-$(printf %s "$TGAUTH_ROOT" | sha256sum | cut -c1-8)}
TGAUTH_PG_PORT=${TGAUTH_PG_PORT:-55432}
TGAUTH_REDIS_PORT=${TGAUTH_REDIS_PORT:-56379}

log() { printf '[tgauth] %s\n' "$*" >&2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

# The user PostgreSQL runs as: postgres when we are root (initdb refuses root).
pg_user() {
  if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi
}

# Runs a PostgreSQL tool as that user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# PostgreSQL's folder: its data/, log and socket. Run as postgres, it cannot
# enter our mode-700 state folder, so as root it is a sibling that postgres
# creates and owns.
if [ "$(id -u)" = 0 ]; then
  TGAUTH_PG_DIR=$TGAUTH_STATE_DIR-postgres
else
  TGAUTH_PG_DIR=$TGAUTH_STATE_DIR/postgres
fi
TGAUTH_PG_DATA=$TGAUTH_PG_DIR/data

# Exits unless $1 is a real folder (not a symbolic link) owned by user $2
# with mode 700. A folder under /tmp has a guessable name: someone else may
# have made it first, to read what we keep there or, through a symbolic
# link, to make us write (or chmod, or delete) elsewhere.
check_private_dir() {
  local dir=$1 owner=$2 why=""
  if [ -L "$dir" ]; then
    why="it is a symbolic link"
  elif [ ! -e "$dir" ]; then
    why="it does not exist and could not be created"
  elif [ ! -d "$dir" ]; then
    why="it is not a folder"
  elif [ "$(stat -c %u "$dir")" != "$(id -u "$owner")" ]; then
    why="it belongs to $(stat -c %U "$dir"), not $owner"
  elif [ "$(stat -c %a "$dir")" != 700 ]; then
    why="its mode is $(stat -c %a "$dir"), not 700"
  fi
  [ -z "$why" ] && return 0
  log "refusing to use $dir: $why. Remove it (after stopping what runs from it)," \
      "or set TGAUTH_STATE_DIR to a folder of your own."
  exit 1
}

# Creates the state folder with mode 700 if it does not exist (mkdir never
# follows or reuses an existing path), then checks it before any use. Every
# PID file, log and secret of these scripts lives inside it, so none can be
# a planted symbolic link.
open_state_dir() {
  mkdir -m 700 -- "$TGAUTH_STATE_DIR" 2>/dev/null || true
  check_private_dir "$TGAUTH_STATE_DIR" "$(id -un)"
}

# The same for PostgreSQL's folder, created by the user PostgreSQL runs as,
# so nothing is ever chowned.
open_pg_dir() {
  if [ ! -e "$TGAUTH_PG_DIR" ] && [ ! -L "$TGAUTH_PG_DIR" ] &&
    ! as_pg mkdir -m 700 -- "$TGAUTH_PG_DIR" 2>/dev/null; then
    log "$(pg_user) cannot create $TGAUTH_PG_DIR for PostgreSQL: set TGAUTH_STATE_DIR to a" \
        "folder in a directory $(pg_user) may write to, such as /tmp"
    exit 1
  fi
  check_private_dir "$TGAUTH_PG_DIR" "$(pg_user)"
}

# redis-cli for the private Redis, with its password (from the environment,
# so it stays out of `ps` output). Call open_state_dir first.
redis_cli() {
  local password_file=$TGAUTH_STATE_DIR/redis-password
  if [ -f "$password_file" ]; then
    REDISCLI_AUTH=$(cat "$password_file") redis-cli -p "$TGAUTH_REDIS_PORT" "$@"
  else
    redis-cli -p "$TGAUTH_REDIS_PORT" "$@"
  fi
}

# True when the private Redis answers (redis-cli exits 0 even on NOAUTH).
redis_up() { redis_cli ping 2>/dev/null | grep -q PONG; }

# True when the binary for a build target exists and is newer than every source file.
need_build() {
  local bin=$TGAUTH_BUILD_DIR/tgauth-server
  [ ! -x "$bin" ] && return 0
  [ -n "$(find "$TGAUTH_ROOT" -path "$TGAUTH_BUILD_DIR" -prune -o -path "$TGAUTH_ROOT/.git" -prune \
      -o -newer "$bin" -type f \( -name '*.cc' -o -name '*.h' -o -name '*.proto' -o -name 'CMakeLists.txt' \
      -o -name '*.sql' -o -name '*.html' -o -name '*.js' -o -name '*.css' -o -name '*.cmake' \) -print -quit)" ]
}

build() { build_in "$TGAUTH_BUILD_DIR"; }

# build_in DIR [CONFIGURE_ARGS...] [-- BUILD_ARGS...]: configures DIR (as a
# RelWithDebInfo build, plus CONFIGURE_ARGS) and builds it (all targets, or
# those BUILD_ARGS name with --target).
build_in() {
  local dir=$1 configure=() build_args=()
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do configure+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  build_args=("$@")
  cmake -S "$TGAUTH_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${configure[@]}" >/dev/null
  cmake --build "$dir" -j"${TGAUTH_JOBS:-2}" "${build_args[@]}"
}

# Starts the private PostgreSQL and Redis unless both already run, and
# exports the URLs that point tgauth and its tests at them. Stops them at
# exit only if this call started them (either was down): the same PostgreSQL
# and Redis may serve someone else's run right now.
use_private_services() {
  local were_up=1 services_env
  open_state_dir
  redis_up || were_up=0
  as_pg "$(pg_bin)/pg_ctl" -D "$TGAUTH_PG_DATA" status >/dev/null 2>&1 || were_up=0
  # Set before starting, so a start that fails half-way is cleaned up too.
  if [ "$were_up" = 0 ]; then trap '"$TGAUTH_ROOT/scripts/stop-services"' EXIT; fi
  # Captured first: `eval "$(...)"` would hide a failure (eval "" succeeds).
  services_env=$("$TGAUTH_ROOT/scripts/start-services") || { log "start-services failed"; exit 1; }
  eval "$services_env"
}
