#!/usr/bin/env bash
# A PostgreSQL server of the benchmark's own, configured as README.md recommends for production
# ("PostgreSQL settings"), beside the machine's CI-configured one.
#
#   scripts/bench-postgres.sh start [port]   # initialises it once, starts it, prints its admin URL
#   scripts/bench-postgres.sh stop [port]
#
#   BENCH_DATABASE_URL=$(scripts/bench-postgres.sh start) npm run bench -- --tickets 1000000 --rate 100
#
# Data in $BENCH_PG_DIR (default /tmp/mm-bench-postgres-PORT). As root, the server runs as the
# postgres user, which PostgreSQL requires.
set -euo pipefail

action=${1:-start}
port=${2:-5433}
dir=${BENCH_PG_DIR:-/tmp/mm-bench-postgres-$port}
bin=$(pg_config --bindir)

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      as_owner "$bin/initdb" -D "$dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
      memory_mb=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)
      cat >>"$dir/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
shared_buffers = $((memory_mb / 4))MB
effective_cache_size = $((memory_mb * 3 / 4))MB
maintenance_work_mem = 1GB
work_mem = 16MB
max_wal_size = 8GB
checkpoint_timeout = 15min
random_page_cost = 1.1
autovacuum = on
log_checkpoints = on
EOF
    fi
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w status >/dev/null 2>&1 ||
      as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir" -w stop >/dev/null
    ;;
  *)
    echo "usage: $0 start|stop [port]" >&2
    exit 2
    ;;
esac
