#!/usr/bin/env bash
# (Copied from the workplace's shared/ci/services.sh so a clone of this repository is self-contained.)
# Make sure PostgreSQL and Redis answer on loopback, installing them from Debian's packages when missing.
# Idempotent; run as root. Afterwards it prints two lines to eval or export:
#   DTM_TEST_DATABASE_URL=postgresql+psycopg://dtm:dtm@127.0.0.1:5432/dtm_test
#   DTM_TEST_REDIS_URL=redis://127.0.0.1:6379/15
# Usage in .ci/run:   eval "$(../shared/ci/services.sh)"   (then export the two variables)
# Set WITH_CHROMIUM=1 to also install Debian's chromium for browser tests.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
log() { echo "services: $*" >&2; }

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
[[ ${WITH_CHROMIUM:-0} == 1 ]] && ! command -v chromium >/dev/null && need+=(chromium)
if ((${#need[@]})); then
  log "installing ${need[*]}"
  apt-get update -qq >&2 && apt-get install -y -qq "${need[@]}" >&2
fi

# Redis on 127.0.0.1:6379, nothing kept on disk.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  log "starting redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --pidfile /tmp/dtm-ci-redis.pid --logfile /tmp/dtm-ci-redis.log >&2
fi
for _ in $(seq 100); do redis-cli -h 127.0.0.1 ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
redis-cli -h 127.0.0.1 ping | grep -q PONG || { log "redis did not start"; exit 1; }

# PostgreSQL: Debian creates cluster <ver>/main on install; nothing starts it without systemd.
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
  pg_lsclusters -h | grep -q "^$ver main" || pg_createcluster "$ver" main >&2
  log "starting postgresql $ver"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start >&2 || pg_ctlcluster "$ver" main start >&2
fi
pg_isready -h 127.0.0.1 -p 5432 -t 30 >&2
psql_su() { su postgres -c "psql -tAq -h 127.0.0.1 -c \"$1\"" 2>/dev/null || su postgres -c "psql -tAq -c \"$1\""; }
psql_su "SELECT 1 FROM pg_roles WHERE rolname='dtm'" | grep -q 1 ||
  psql_su "CREATE ROLE dtm LOGIN PASSWORD 'dtm' CREATEDB" >/dev/null
psql_su "SELECT 1 FROM pg_database WHERE datname='dtm_test'" | grep -q 1 ||
  psql_su "CREATE DATABASE dtm_test OWNER dtm" >/dev/null

echo "DTM_TEST_DATABASE_URL=postgresql+psycopg://dtm:dtm@127.0.0.1:5432/dtm_test"
echo "DTM_TEST_REDIS_URL=redis://127.0.0.1:6379/15"
