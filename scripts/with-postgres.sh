#!/usr/bin/env bash
# Runs a command with a private PostgreSQL server: its own data folder,
# 127.0.0.1 and a free port, stopped and removed afterwards.  The command
# finds it in JJM_TEST_PG (postgresql://postgres@127.0.0.1:PORT).
#   scripts/with-postgres.sh ctest --output-on-failure
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z "$bin" ]]; then
  echo "with-postgres: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi
dir=$(mktemp -d /tmp/jjm-pg.XXXXXX)
chmod 755 "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
       node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
stop() {
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
  "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
  start >/dev/null
export JJM_TEST_PG="postgresql://postgres@127.0.0.1:$port"
echo "with-postgres: PostgreSQL on 127.0.0.1:$port" >&2
"$@"
