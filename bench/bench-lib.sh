# Shared by the bench/run-* scripts: builds if needed, starts PostgreSQL
# (durable: fsync on) and Redis, and `start_cluster` starts a tgauth-server
# and a tgauth-gateway on free loopback ports with a random webhook secret.
# Everything started here is stopped on exit; services that were already
# running are left running (they may serve someone's tests right now).
# Sets: psql (array), grpc_port, http_port, url, secret, server_pid, gateway_pid.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

# bench_setup BENCH_BINARY: builds if needed, starts services, creates the
# tgauth_bench database.
bench_setup() {
  if need_build || [ ! -x "$TGAUTH_BUILD_DIR/$1" ]; then
    log "building"
    build
  fi
  open_state_dir
  services_were_up=1
  redis_up || services_were_up=0
  as_pg "$(pg_bin)/pg_ctl" -D "$TGAUTH_PG_DATA" status >/dev/null 2>&1 || services_were_up=0
  # Captured first: `eval "$(...)"` would hide a failure (eval "" succeeds).
  local services_env
  services_env=$(TGAUTH_PG_DURABLE=1 "$TGAUTH_ROOT/scripts/start-services") ||
    { log "start-services failed"; exit 1; }
  eval "$services_env"
  # bench/store-counters, run by the benches, reads PostgreSQL's counters.
  export TGAUTH_PG_PORT
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM

  psql=(psql -h 127.0.0.1 -p "$TGAUTH_PG_PORT" -U postgres -qtA)
  if [ "$("${psql[@]}" -c 'SHOW fsync')" != on ]; then
    log "WARNING: PostgreSQL was already running with fsync=off (a test cluster);" \
        "figures are not durable ones. Run scripts/stop-services first for a durable run."
  fi
  bench_database tgauth_bench
}

# bench_database NAME: creates the database if it does not exist.
bench_database() {
  "${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1 ||
    "${psql[@]}" -c "CREATE DATABASE $1" >/dev/null
}

# A port nobody listens on now (bash's /dev/tcp connects fail when free).
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  log "no free port found"; exit 1
}

server_pid=
gateway_pid=
gateway_flags=()
bench_cleanup() {
  local pid
  for pid in $gateway_pid $server_pid; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $gateway_pid $server_pid; do
    # Exited (or a zombie: this machine's init reaps slowly) within 5 s, else KILL.
    for _ in $(seq 50); do
      [ "$(cut -d" " -f3 "/proc/$pid/stat" 2>/dev/null)" = Z ] && break
      [ -r "/proc/$pid/stat" ] || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$services_were_up" = 0 ]; then "$TGAUTH_ROOT/scripts/stop-services"; fi
}

# start_cluster [SERVER_FLAG...]: starts both processes and waits until the
# gateway is ready. The gateway also gets the array gateway_flags, if set. Logs: $TGAUTH_STATE_DIR/bench-{server,gateway}.log.
start_cluster() {
  grpc_port=$(free_port)
  http_port=$(free_port)
  while [ "$http_port" = "$grpc_port" ]; do http_port=$(free_port); done
  secret=$(openssl rand -hex 32)  # Both processes want 32-256 of A-Z a-z 0-9 _ -.
  gateway_token_file=$TGAUTH_STATE_DIR/bench-gateway-token
  rm -f "$gateway_token_file"
  (umask 077 && openssl rand -base64 32 >"$gateway_token_file")
  log "tgauth-server on 127.0.0.1:$grpc_port, tgauth-gateway on 127.0.0.1:$http_port"
  # The Redis URL holds a password: passed in the environment, not in `ps`.
  TGAUTH_REDIS_URL="${TGAUTH_REDIS_URL%/*}/2" "$TGAUTH_BUILD_DIR/tgauth-server" \
    --grpc_address="127.0.0.1:$grpc_port" \
    --database_url="postgresql://postgres@127.0.0.1:$TGAUTH_PG_PORT/tgauth_bench" \
    --bot_username=tgauth_bench_bot \
    --webhook_secret="$secret" \
    --gateway_token_file="$gateway_token_file" \
    "$@" >"$TGAUTH_STATE_DIR/bench-server.log" 2>&1 &
  server_pid=$!
  "$TGAUTH_BUILD_DIR/tgauth-gateway" \
    --listen_address="127.0.0.1:$http_port" \
    --server_address="127.0.0.1:$grpc_port" \
    --webhook_secret="$secret" \
    --gateway_token_file="$gateway_token_file" \
    "${gateway_flags[@]}" \
    >"$TGAUTH_STATE_DIR/bench-gateway.log" 2>&1 &
  gateway_pid=$!

  # Ready when the gateway is healthy and can reach a ready server.
  url=http://127.0.0.1:$http_port
  local i pid
  for i in $(seq 300); do
    if curl -fsS -m 1 -o /dev/null "$url/healthz" 2>/dev/null &&
       curl -fsS -m 1 -o /dev/null "$url/readyz" 2>/dev/null; then
      return
    fi
    for pid in $server_pid $gateway_pid; do
      if ! kill -0 "$pid" 2>/dev/null || [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" = Z ]; then
        log "a process exited during start-up; logs:"
        tail -n 20 "$TGAUTH_STATE_DIR/bench-server.log" "$TGAUTH_STATE_DIR/bench-gateway.log" >&2
        exit 1
      fi
    done
    [ "$i" = 300 ] && { log "not ready after 30 s: see $TGAUTH_STATE_DIR/bench-*.log"; exit 1; }
    sleep 0.1
  done
}
